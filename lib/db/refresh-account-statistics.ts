import "server-only";
import { db as defaultDb, type Db } from "./client";

/** Fewer changed rows than this never refresh the statistics (autovacuum keeps up with those). */
export const ANALYZE_FROM_ROWS = 1000;
/** Changed rows, as a share of the rows the statistics describe, from which they are refreshed. */
export const ANALYZE_FROM_SHARE = 0.1;

/**
 * Refreshes the planner's statistics on Account (ANALYZE) after a bulk change: a bulk load, an
 * import, a sync run. Right after many rows arrive the planner still plans with the old figures
 * (or none) until autovacuum comes round, and picks plans that ignore the search's trigram
 * indexes: a 10 ms search took 230 ms at 100,000 accounts. Runs when this change reaches 10% of
 * the rows the statistics last counted (autovacuum's default share, which autovacuum itself
 * applies to changes added up over time), or the table was never analysed; otherwise costs one
 * catalogue read. Call it after the change has committed, never inside a transaction that holds
 * seats: ANALYZE reads a sample of 30,000 rows, a few hundred ms at a million accounts.
 * Answers whether it ran.
 */
export async function refreshAccountStatistics(changedRows: number, client: Db = defaultDb()): Promise<boolean> {
  if (changedRows < ANALYZE_FROM_ROWS) return false;
  const [table] = await client.$queryRaw<{ counted: number }[]>`
    SELECT reltuples::float8 AS counted FROM pg_class WHERE oid = '"Account"'::regclass`;
  // reltuples is -1 until the table is first vacuumed or analysed.
  if (table.counted >= 0 && changedRows < table.counted * ANALYZE_FROM_SHARE) return false;
  await client.$executeRawUnsafe(`ANALYZE "Account"`);
  return true;
}
