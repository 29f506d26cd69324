import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { activateWaitingAccounts, type Actor } from "../licensing";
import { applyGroupAreas, MAPPING_MATCHES_GROUP, type GroupAreaOutcome } from "./group-areas";

// The periodic re-check of group-decided areas (group-areas-job.ts). Membership changes and
// mapping changes move people at once, but a move can be left undone: refused (the last
// administrator), cut short (a process stopped between the group's write and the moves), or a
// mapping written by another process that failed before applying it. This finds every account
// whose groups decide another area than the one it is in, and moves it the usual way.

export const RECHECK_ACTOR: Actor = { id: null, label: "group areas re-check" };

/** Members read per scan query (keyset over the member table's accountId index). */
export const SCAN_BATCH = 1_000;

/**
 * A move refused (the last active administrator would wait for a seat) is audited each time:
 * an account refused this recently is left for a later run instead of every few minutes.
 */
export const REFUSED_RETRY_MINUTES = 60;

export type RecheckOutcome = GroupAreaOutcome & { checked: number; misplaced: number };

/**
 * Every account in a mapped group whose first mapping (by rank) names another area than its own,
 * oldest first. Scanned in batches of distinct member ids (ScimGroupMember_accountId_idx), each
 * batch one query: its first mapping per account by the (groupId, accountId) key and the groups'
 * unique name and external id, the account by its primary key.
 */
export async function findMisplacedAccounts(
  client: Db,
  batch = SCAN_BATCH,
): Promise<{ checked: number; misplaced: { id: string; createdAt: Date }[] }> {
  const misplaced: { id: string; createdAt: Date }[] = [];
  let checked = 0;
  if ((await client.groupAreaMapping.count()) === 0) return { checked, misplaced };
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await client.$queryRaw<{ id: string; createdAt: Date; misplaced: boolean }[]>`
      WITH batch AS (
        SELECT DISTINCT gm."accountId" AS id FROM "ScimGroupMember" gm
        WHERE gm."accountId" > ${after}::uuid
        ORDER BY gm."accountId" LIMIT ${batch}
      )
      SELECT b.id::text AS id, a."createdAt",
        (w."areaId" IS NOT NULL AND a."areaId" <> w."areaId" AND NOT EXISTS (
          SELECT 1 FROM "AuditEvent" e
          WHERE e."accountId" = b.id AND e.at > now() - make_interval(mins => ${REFUSED_RETRY_MINUTES})
            AND e.action = 'account.move' AND e.outcome = 'REFUSED')) AS misplaced
      FROM batch b
      JOIN "Account" a ON a.id = b.id
      LEFT JOIN LATERAL (
        SELECT m."areaId" FROM "ScimGroupMember" gm
        JOIN "ScimGroup" g ON g.id = gm."groupId"
        JOIN "GroupAreaMapping" m ON ${MAPPING_MATCHES_GROUP}
        WHERE gm."accountId" = b.id
        ORDER BY m.rank, m."createdAt", m.id LIMIT 1
      ) w ON TRUE
      ORDER BY b.id`;
    if (rows.length === 0) break;
    checked += rows.length;
    for (const row of rows) if (row.misplaced) misplaced.push({ id: row.id, createdAt: row.createdAt });
    after = rows[rows.length - 1].id;
    if (rows.length < batch) break;
  }
  misplaced.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { checked, misplaced };
}

/**
 * One re-check: misplaced accounts move through lib/licensing (a free seat in the target pool or
 * a wait for one, in arrival order; a blocked account stays blocked; never the last
 * administrator), then waiting accounts are activated oldest first, so one that waits for a seat
 * in the area its groups chose gets the seat freed since.
 */
export async function recheckGroupAreas(client: Db = defaultDb(), actor: Actor = RECHECK_ACTOR): Promise<RecheckOutcome> {
  const { checked, misplaced } = await findMisplacedAccounts(client);
  const outcome = await applyGroupAreas(
    client,
    actor,
    misplaced.map((m) => m.id),
    "the areas decided by group membership were re-checked",
  );
  outcome.activated += (await activateWaitingAccounts({ actor }, client)).length;
  return { ...outcome, checked, misplaced: misplaced.length };
}
