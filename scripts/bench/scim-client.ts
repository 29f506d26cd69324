import type { Db } from "../../lib/db/client";
import { createScimToken } from "../../lib/scim/tokens";
import { actor } from "./context";

/** Request headers of a directory client: a bearer token made for the benchmark. */
export async function scimHeaders(db: Db): Promise<Record<string, string>> {
  const { token } = await createScimToken({ actor, name: "bench" }, db);
  return { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
}
