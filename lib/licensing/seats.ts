import "server-only";
import type { Tx } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { AreaNotFoundError, SeatLimitError } from "./errors";
import type { Area, SeatPool } from "../generated/prisma/client";
import { nearFullThresholdPct, notePoolLevel } from "./pool-notifications";

/**
 * Takes one seat in `pool`, inside the caller's transaction, or throws SeatLimitError.
 *
 * This is the only way an account becomes active. The conditional UPDATE takes the pool row's
 * lock, so concurrent transactions (from any number of app processes on the same database)
 * queue on it and each sees the count the previous one committed: `used` can never pass the
 * limit, and the last seat is usable. A count read before the transaction would race.
 *
 * The lock is held until commit, so callers take the seat as late as they can (their last write
 * but the audit event), and the statement reads the warning threshold itself rather than the
 * notification step reading the settings under the lock. A refused UPDATE matches no row and
 * locks nothing.
 */
export async function takeSeat(tx: Tx, pool: Pool): Promise<void> {
  const [taken] = await tx.$queryRaw<(SeatPool & { thresholdPct: number | null })[]>`
    UPDATE "SeatPool" SET "activeCount" = "activeCount" + 1, "updatedAt" = now()
    WHERE pool = ${pool}::"Pool" AND "activeCount" < "seatLimit"
    RETURNING pool::text AS pool, "seatLimit", "activeCount", "fullNotified", "nearFullNotified", "forecastNotified", "updatedAt",
      (SELECT "nearFullThresholdPct" FROM "SiteSettings" WHERE id = 1) AS "thresholdPct"`;
  if (!taken) {
    const current = await tx.seatPool.findUniqueOrThrow({ where: { pool } });
    throw new SeatLimitError(pool, current.seatLimit, current.activeCount);
  }
  const { thresholdPct, ...row } = taken;
  await notePoolLevel(tx, row, thresholdPct);
}

/**
 * Takes `count` seats in `pool` at once (a bulk job's batch), all or none: the caller has locked
 * the pool row and counted the free seats. Throws SeatLimitError if they are not all free.
 */
export async function takeSeats(tx: Tx, pool: Pool, count: number): Promise<void> {
  if (count === 0) return;
  const thresholdPct = await nearFullThresholdPct(tx); // read before the pool row is locked
  const taken = await tx.seatPool.update({ where: { pool }, data: { activeCount: { increment: count } } });
  // Throwing rolls the whole transaction back: the limit is never passed, even by a caller's slip.
  if (taken.activeCount > taken.seatLimit) throw new SeatLimitError(pool, taken.seatLimit, taken.activeCount - count);
  await notePoolLevel(tx, taken, thresholdPct);
}

/** Gives back the seats of accounts that stop being active (block, delete, move): one by default. */
export async function releaseSeat(tx: Tx, pool: Pool, count = 1): Promise<void> {
  if (count === 0) return;
  const thresholdPct = await nearFullThresholdPct(tx); // read before the pool row is locked
  const released = await tx.seatPool.update({
    where: { pool },
    data: { activeCount: { decrement: count } },
  });
  await notePoolLevel(tx, released, thresholdPct);
}

/**
 * Locks both pool rows in one fixed order before an operation that touches both (an area move),
 * so two opposite moves cannot deadlock.
 */
export async function lockPools(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT pool FROM "SeatPool" ORDER BY pool FOR UPDATE`;
}

export async function areaWithPool(tx: Tx, areaId: string): Promise<Area> {
  // FOR KEY SHARE: an area being deleted right now is waited for, then found gone (a clear
  // "no such area") rather than failing the insert's foreign key. One statement reads and locks it.
  const [area] = await tx.$queryRaw<Area[]>`
    SELECT id::text AS id, name, "nameKey", pool::text AS pool, "createdAt" FROM "Area" WHERE id = ${areaId}::uuid FOR KEY SHARE`;
  if (!area) throw new AreaNotFoundError(areaId);
  return area;
}
