import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { AccountState, Pool } from "../generated/prisma/enums";

/** How many accounts an area holds in one state (`waiting`: blocked for want of a seat). */
export type TallyGroup = { areaId: string; pool: Pool; state: AccountState; waiting: boolean; accounts: number };

/** Past this many tally rows, a read folds them into one per group first. */
const FOLD_FROM_ROWS = 1000;

/**
 * The exact number of accounts per area and state, as of the reader's snapshot: the sums of the
 * AccountTally rows the triggers on "Account" write in every transaction that inserts, deletes,
 * re-states or moves accounts (so a bulk load, an import, a bulk job or raw SQL all count).
 * A constant-time read whatever the number of accounts.
 */
export async function readAccountTally(client: Db = defaultDb()): Promise<TallyGroup[]> {
  const read = () =>
    client.$queryRaw<(TallyGroup & { rows: number })[]>`
      -- prepared: account-tally
      SELECT t."areaId", ar.pool, t.state, t.waiting, sum(t.delta)::int AS accounts, count(*)::int AS rows
      FROM "AccountTally" t JOIN "Area" ar ON ar.id = t."areaId"
      GROUP BY t."areaId", ar.pool, t.state, t.waiting`;
  let groups = await read();
  if (groups.reduce((sum, g) => sum + g.rows, 0) > FOLD_FROM_ROWS) {
    await foldAccountTally(client);
    groups = await read();
  }
  return groups
    .filter((g) => g.accounts !== 0)
    .map(({ areaId, pool, state, waiting, accounts }) => ({ areaId, pool, state, waiting, accounts }));
}

/**
 * Replaces the tally rows by one per group (their sums), atomically: rows written meanwhile by
 * other transactions are not in this one's snapshot and stay, and a concurrent fold skips the
 * rows this one deleted, so no delta is lost or counted twice.
 */
export async function foldAccountTally(client: Db = defaultDb()): Promise<void> {
  await client.$executeRaw`
    WITH gone AS (DELETE FROM "AccountTally" RETURNING "areaId", state, waiting, delta)
    INSERT INTO "AccountTally" ("areaId", state, waiting, delta)
    SELECT "areaId", state, waiting, sum(delta)::int FROM gone GROUP BY "areaId", state, waiting HAVING sum(delta) <> 0`;
}

/** What a People view's area and state filters select, counted from the tally. */
export function tallyCount(
  groups: TallyGroup[],
  filter: { areaId: string | null; state: { state: AccountState; blockedReason?: "NO_SEAT" } | null },
): number {
  return groups
    .filter((g) => (filter.areaId === null || g.areaId === filter.areaId) && (filter.state === null || g.state === filter.state.state))
    .filter((g) => !filter.state?.blockedReason || g.waiting)
    .reduce((sum, g) => sum + g.accounts, 0);
}
