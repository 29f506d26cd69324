import "server-only";
import type { Db } from "../db/client";
import { Prisma, type SeatPool } from "../generated/prisma/client";
import type { Pool } from "../generated/prisma/enums";
import { notePoolLevel, poolLevelNeedsNoting } from "./pool-notifications";

// A seat taken inside one autocommitted statement (a creation, a directory's re-activation): the
// statement's seat CTE returns the pool row it left, the statement's result carries it as the
// columns below, and the pool's level is noted after the commit.

/** A seat a one-statement write took: the pool row as it left it, and the threshold it read. */
export type TakenSeat = SeatPool & { thresholdPct: number | null };

/** What a seat CTE (`UPDATE "SeatPool" sp … RETURNING`) returns. */
export const SEAT_CTE_RETURNING = Prisma.sql`sp."seatLimit", sp."activeCount", sp."fullNotified", sp."nearFullNotified",
  sp."forecastNotified", sp."updatedAt", (SELECT "nearFullThresholdPct" FROM "SiteSettings" WHERE id = 1) AS "thresholdPct"`;

/** The result columns of a statement whose seat CTE is named `seat` (left-joined: null when none was taken). */
export const TAKEN_SEAT_COLUMNS = Prisma.sql`seat."activeCount" IS NOT NULL AS "seatTaken", seat."seatLimit", seat."activeCount",
  seat."fullNotified", seat."nearFullNotified", seat."forecastNotified", seat."updatedAt" AS "seatUpdatedAt", seat."thresholdPct"`;

export type TakenSeatColumns = {
  seatTaken: boolean;
  seatLimit: number | null;
  activeCount: number | null;
  fullNotified: boolean | null;
  nearFullNotified: boolean | null;
  forecastNotified: boolean | null;
  seatUpdatedAt: Date | null;
  thresholdPct: number | null;
};

export function takenSeatOf(row: TakenSeatColumns, pool: Pool): TakenSeat | null {
  if (!row.seatTaken) return null;
  return {
    pool,
    seatLimit: row.seatLimit!,
    activeCount: row.activeCount!,
    fullNotified: row.fullNotified!,
    nearFullNotified: row.nearFullNotified!,
    forecastNotified: row.forecastNotified!,
    updatedAt: row.seatUpdatedAt!,
    thresholdPct: row.thresholdPct,
  };
}

/**
 * Spec rule 5 after a one-statement write took a seat: when the count it left crosses a level the
 * pool's flags have not noted, the pool row is locked again and notePoolLevel decides on the
 * current row (so exactly one process notifies, as under the statement's lock). Most writes skip
 * this. It runs after the write's commit: if it fails, the write stands.
 */
export async function noteTakenSeatLevel(client: Db, taken: TakenSeat | null): Promise<void> {
  if (!taken) return;
  const { thresholdPct, ...pool } = taken;
  if (!poolLevelNeedsNoting(pool, thresholdPct)) return;
  await client.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<SeatPool[]>`
      SELECT pool::text AS pool, "seatLimit", "activeCount", "fullNotified", "nearFullNotified", "forecastNotified", "updatedAt"
      FROM "SeatPool" WHERE pool = ${pool.pool}::"Pool" FOR UPDATE`;
    await notePoolLevel(tx, current);
  });
}
