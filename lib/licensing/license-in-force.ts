import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";

/** The license in force (one row per site), or null before the first one is applied. */
export async function getLicenseInForce(client: Db | Tx = defaultDb()) {
  return client.license.findUnique({ where: { id: 1 } });
}
