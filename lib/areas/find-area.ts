import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import { areaNameKey } from "./area-name";

/**
 * The area with exactly this name, compared case-insensitively. `%`, `_` and `\` are plain
 * characters here: SCIM's area attribute and CSV imports must never land in a look-alike area.
 */
export async function findAreaByName(name: string, client: Db | Tx = defaultDb()) {
  return client.area.findUnique({ where: { nameKey: areaNameKey(name) } });
}

/** The site's primary area (exactly one; site:init or the demo seed creates it). */
export async function findPrimaryArea(client: Db | Tx = defaultDb()) {
  return client.area.findFirst({ where: { pool: "PRIMARY" }, orderBy: { createdAt: "asc" } });
}
