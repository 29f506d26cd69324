import "server-only";
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
 * Per-pool figures for the statistics area, in one query. `used` is the seat counter kept under
 * the pool row lock (a constant-time read whatever the number of accounts); the blocked and
 * waiting counts are index-only scans of (state, areaId) and (blockedReason, waitingSince).
 */
export async function getSeatStatistics(client: Db = defaultDb()): Promise<PoolStatistics[]> {
  const rows = await client.$queryRaw<{ pool: Pool; seatLimit: number; activeCount: number; blocked: bigint; waiting: bigint }[]>`
    SELECT sp.pool, sp."seatLimit", sp."activeCount",
      (SELECT count(*) FROM "Account" a WHERE a.state = 'BLOCKED'
         AND a."areaId" IN (SELECT id FROM "Area" WHERE pool = sp.pool)) AS blocked,
      (SELECT count(*) FROM "Account" a WHERE a."blockedReason" = 'NO_SEAT' AND a.state = 'BLOCKED'
         AND a."areaId" IN (SELECT id FROM "Area" WHERE pool = sp.pool)) AS waiting
    FROM "SeatPool" sp ORDER BY sp.pool`;
  return rows.map((p) => ({
    pool: p.pool,
    limit: p.seatLimit,
    used: p.activeCount,
    remaining: seatsRemaining(p.seatLimit, p.activeCount),
    overBy: Math.max(0, p.activeCount - p.seatLimit),
    blocked: Number(p.blocked),
    waiting: Number(p.waiting),
  }));
}

/** The License screen's summary: all active accounts and active primary-area accounts. */
export async function getActiveAccountSummary(client: Db = defaultDb()) {
  const stats = await getSeatStatistics(client);
  const primary = stats.find((s) => s.pool === "PRIMARY")?.used ?? 0;
  const total = stats.reduce((sum, s) => sum + s.used, 0);
  return { totalActive: total, primaryActive: primary, extranetActive: total - primary };
}
