import "server-only";
import { db as defaultDb, type Db } from "../db/client";

export const GROUPS_SHOWN = 200;

export type ReceivedGroup = { id: string; displayName: string; externalId: string | null; members: number; mappedArea: string | null };

/**
 * The groups the directory sent, by name, with their member count and the area their first
 * matching mapping (by rank) gives them: what Admin › System › Directory sync shows.
 */
export async function listReceivedGroups(client: Db = defaultDb()): Promise<{ groups: ReceivedGroup[]; total: number }> {
  const [total, rows] = await Promise.all([
    client.scimGroup.count(),
    client.$queryRaw<{ id: string; displayName: string; externalId: string | null; members: bigint; mappedArea: string | null }[]>`
      SELECT g.id::text AS id, g."displayName", g."externalId",
        (SELECT count(*) FROM "ScimGroupMember" gm WHERE gm."groupId" = g.id) AS members,
        (SELECT a.name FROM "GroupAreaMapping" m JOIN "Area" a ON a.id = m."areaId"
          WHERE (m."matchBy" = 'DISPLAY_NAME' AND m."matchKey" = g."displayNameKey")
             OR (m."matchBy" = 'EXTERNAL_ID' AND m."matchKey" = g."externalId")
          ORDER BY m.rank, m."createdAt", m.id LIMIT 1) AS "mappedArea"
      FROM "ScimGroup" g
      ORDER BY g."displayNameKey"
      LIMIT ${GROUPS_SHOWN}`,
  ]);
  return { total, groups: rows.map((r) => ({ ...r, members: Number(r.members) })) };
}
