import type { Pool } from "../generated/prisma/enums";
import { utcDate } from "../format/utc";

/** One row of the seat history (SeatChange). */
export type SeatChangeRow = { id: bigint; at: Date; pool: Pool; usedDelta: number; waitingDelta: number; seatLimit: number | null };

/** A pool's levels at one moment. */
export type SeatLevel = { used: number; waiting: number; limit: number };

/** One UTC day of one pool (a SeatDay row). */
export type SeatDaySummary = {
  pool: Pool;
  /** The UTC day, as YYYY-MM-DD. */
  day: string;
  peakUsed: number;
  endUsed: number;
  endLimit: number;
  minLimit: number;
  peakWaiting: number;
  endWaiting: number;
  overLimit: boolean;
};

export const EMPTY_LEVEL: SeatLevel = { used: 0, waiting: 0, limit: 0 };

const nextDay = (day: string) => utcDate(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));

/** The level after one change. */
export function applyChange(level: SeatLevel, change: Pick<SeatChangeRow, "usedDelta" | "waitingDelta" | "seatLimit">): SeatLevel {
  return {
    used: level.used + change.usedDelta,
    waiting: level.waiting + change.waitingDelta,
    limit: change.seatLimit ?? level.limit,
  };
}

/**
 * Replays one pool's changes into a summary for every UTC day from `firstDay` up to and
 * including `lastDay`, starting from the level at the start of `firstDay`. A day's peak counts
 * the level it started with, and a day without changes keeps the level of the day before. The
 * changes must be this pool's, in the order they happened (time, then id), none before
 * `firstDay`; later ones are ignored.
 */
export function summariseDays(options: {
  pool: Pool;
  start: SeatLevel;
  firstDay: string;
  lastDay: string;
  changes: Iterable<Pick<SeatChangeRow, "at" | "usedDelta" | "waitingDelta" | "seatLimit">>;
}): { days: SeatDaySummary[]; end: SeatLevel } {
  const { pool, firstDay, lastDay } = options;
  const days: SeatDaySummary[] = [];
  let level = options.start;
  let day = firstDay;
  const open = (): SeatDaySummary => ({
    pool,
    day,
    peakUsed: level.used,
    endUsed: level.used,
    endLimit: level.limit,
    minLimit: level.limit,
    peakWaiting: level.waiting,
    endWaiting: level.waiting,
    overLimit: level.used > level.limit,
  });
  let current = open();
  for (const change of options.changes) {
    const changeDay = utcDate(change.at);
    if (changeDay > lastDay) break;
    while (day < changeDay) {
      days.push(current);
      day = nextDay(day);
      current = open();
    }
    level = applyChange(level, change);
    current.peakUsed = Math.max(current.peakUsed, level.used);
    current.peakWaiting = Math.max(current.peakWaiting, level.waiting);
    current.minLimit = Math.min(current.minLimit, level.limit);
    current.overLimit ||= level.used > level.limit;
    current.endUsed = level.used;
    current.endWaiting = level.waiting;
    current.endLimit = level.limit;
  }
  while (day <= lastDay) {
    days.push(current);
    day = nextDay(day);
    current = open();
  }
  return { days, end: level };
}
