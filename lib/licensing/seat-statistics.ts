import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";

export type PoolStatistics = {
  pool: Pool;
  limit: number;
  used: number;
  /** limit - used, never below 0. */
  remaining: number;
  /** How many active accounts are above the limit (after the license was lowered). */
  overBy: number;
  /** Blocked accounts (use no seat), counted apart. */
  blocked: number;
  /** Of the blocked ones, those waiting for a seat (directory sync). */
  waiting: number;
};

export function seatsRemaining(limit: number, used: number): number {
  return Math.max(0, limit - used);
}

/**
 * Per-pool figures for the statistics area. `used` is the seat counter kept under the pool row
 * lock (a constant-time read whatever the number of accounts); blocked counts use the
 * (state, areaId) index.
 */
export async function getSeatStatistics(client: Db = defaultDb()): Promise<PoolStatistics[]> {
  const [pools, blockedRows] = await Promise.all([
    client.seatPool.findMany({ orderBy: { pool: "asc" } }),
    client.$queryRaw<{ pool: Pool; waiting: boolean; n: bigint }[]>`
      SELECT ar.pool, (a."blockedReason" = 'NO_SEAT') AS waiting, count(*) AS n
      FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
      WHERE a.state = 'BLOCKED'
      GROUP BY 1, 2`,
  ]);
  return pools.map((p) => {
    const rows = blockedRows.filter((r) => r.pool === p.pool);
    const blocked = rows.reduce((sum, r) => sum + Number(r.n), 0);
    const waiting = rows.filter((r) => r.waiting).reduce((sum, r) => sum + Number(r.n), 0);
    return {
      pool: p.pool,
      limit: p.seatLimit,
      used: p.activeCount,
      remaining: seatsRemaining(p.seatLimit, p.activeCount),
      overBy: Math.max(0, p.activeCount - p.seatLimit),
      blocked,
      waiting,
    };
  });
}

/** The License screen's summary: all active accounts and active primary-area accounts. */
export async function getActiveAccountSummary(client: Db = defaultDb()) {
  const stats = await getSeatStatistics(client);
  const primary = stats.find((s) => s.pool === "PRIMARY")?.used ?? 0;
  const total = stats.reduce((sum, s) => sum + s.used, 0);
  return { totalActive: total, primaryActive: primary, extranetActive: total - primary };
}
