import type { Db } from "../lib/db/client";

/** The seat counters against a real count of active accounts, per pool. */
export async function seatCountersAgainstRealCounts(db: Db) {
  const rows = await db.$queryRaw<{ pool: string; counter: number; real: bigint }[]>`
    SELECT sp.pool::text AS pool, sp."activeCount" AS counter,
      (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
        WHERE ar.pool = sp.pool AND a.state = 'ACTIVE') AS real
    FROM "SeatPool" sp ORDER BY sp.pool`;
  return rows.map((r) => ({ pool: r.pool, counter: r.counter, real: Number(r.real) }));
}
