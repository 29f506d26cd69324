import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { readAccountTally } from "./account-tally";

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
 * lock; blocked and waiting are sums of the account tally (account-tally.ts): constant-time
 * reads whatever the number of accounts.
 */
export async function getSeatStatistics(client: Db = defaultDb()): Promise<PoolStatistics[]> {
  const [pools, tally] = await Promise.all([
    client.seatPool.findMany({ select: { pool: true, seatLimit: true, activeCount: true }, orderBy: { pool: "asc" } }),
    readAccountTally(client),
  ]);
  return pools.map((p) => {
    const blocked = tally.filter((g) => g.pool === p.pool && g.state === "BLOCKED");
    return {
      pool: p.pool,
      limit: p.seatLimit,
      used: p.activeCount,
      remaining: seatsRemaining(p.seatLimit, p.activeCount),
      overBy: Math.max(0, p.activeCount - p.seatLimit),
      blocked: blocked.reduce((sum, g) => sum + g.accounts, 0),
      waiting: blocked.filter((g) => g.waiting).reduce((sum, g) => sum + g.accounts, 0),
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
