import type { Db } from "../lib/db/client";
import { handleScimRequest } from "../lib/scim/handle-request";

export type ScimReply = { status: number; headers: Headers; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Sends one SCIM request through the handler the route uses, as a directory would. */
export function scimClient(db: Db, token: () => string) {
  return async function scim(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ScimReply> {
    const url = new URL(`http://127.0.0.1/scim/v2/${path}`);
    const response = await handleScimRequest(
      {
        method,
        segments: url.pathname
          .replace(/^\/scim\/v2\/?/, "")
          .split("/")
          .filter(Boolean)
          .map(decodeURIComponent),
        url,
        headers: new Headers({ authorization: `Bearer ${token()}`, "content-type": "application/scim+json", ...headers }),
        body: body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body),
      },
      db,
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}

export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
