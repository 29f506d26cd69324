import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { utcDate } from "../format/utc";
import { EMPTY_LEVEL, summariseDays, type SeatDaySummary, type SeatLevel } from "./seat-days";

const POOLS: Pool[] = ["PRIMARY", "EXTRANET"];
/**
 * The order changes happened in: their time, then their id. A pool's seat changes are made one
 * after another under its row lock, so both agree; a back-dated seed's changes sort by their date.
 */
const HISTORY_ORDER = [{ at: "asc" as const }, { id: "asc" as const }];
const DAY_MS = 86_400_000;
const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);
const addDays = (day: string, n: number) => utcDate(new Date(dayStart(day).getTime() + n * DAY_MS));
/** Days summarised per read: about a month of changes in memory at a time, whatever the history. */
const DAYS_PER_READ = 31;

function levelAtEndOf(day: { endUsed: number; endWaiting: number; endLimit: number }): SeatLevel {
  return { used: day.endUsed, waiting: day.endWaiting, limit: day.endLimit };
}

/**
 * Brings the daily summaries up to date: every complete UTC day (before `today`) that has no
 * summary yet, per pool, from the last summary's end level and the changes since. With no
 * summaries at all (first start, a restore) it rebuilds them from the whole history. Several
 * processes may run it at once: a day's summary depends on the history alone, and a day already
 * written is left as it is.
 */
export async function updateSeatDays(options: { today?: string } = {}, client: Db = defaultDb()): Promise<{ written: number }> {
  const today = options.today ?? utcDate(new Date());
  const lastDay = addDays(today, -1);
  let written = 0;
  for (const pool of POOLS) {
    const last = await client.seatDay.findFirst({ where: { pool }, orderBy: { day: "desc" } });
    let start: SeatLevel;
    let firstDay: string;
    if (last) {
      start = levelAtEndOf(last);
      firstDay = addDays(utcDate(last.day), 1);
    } else {
      const first = await client.seatChange.findFirst({ where: { pool }, orderBy: HISTORY_ORDER, select: { at: true } });
      if (!first) continue;
      start = EMPTY_LEVEL;
      firstDay = utcDate(first.at);
    }
    while (firstDay <= lastDay) {
      const chunkEnd = [addDays(firstDay, DAYS_PER_READ - 1), lastDay].sort()[0];
      const changes = await client.seatChange.findMany({
        where: { pool, at: { gte: dayStart(firstDay), lt: dayStart(addDays(chunkEnd, 1)) } },
        orderBy: HISTORY_ORDER,
        select: { at: true, usedDelta: true, waitingDelta: true, seatLimit: true },
      });
      const { days, end } = summariseDays({ pool, start, firstDay, lastDay: chunkEnd, changes });
      const { count } = await client.seatDay.createMany({ data: days.map(toRow), skipDuplicates: true });
      written += count;
      start = end;
      firstDay = addDays(chunkEnd, 1);
    }
  }
  return { written };
}

const toRow = (d: SeatDaySummary) => ({ ...d, day: dayStart(d.day) });

/**
 * Each pool's days from `from` to `to` (inclusive, UTC), the summaries brought up to date first,
 * and today (when in range) replayed live from yesterday's end and today's changes.
 */
export async function readSeatDays(options: { from: string; to?: string; now?: Date }, client: Db = defaultDb()) {
  const now = options.now ?? new Date();
  const today = utcDate(now);
  const to = options.to && options.to < today ? options.to : today;
  await updateSeatDays({ today }, client);
  const stored = await client.seatDay.findMany({
    where: { day: { gte: dayStart(options.from), lte: dayStart(to) } },
    orderBy: [{ pool: "asc" }, { day: "asc" }],
  });
  const result = new Map<Pool, SeatDaySummary[]>(POOLS.map((pool) => [pool, []]));
  for (const row of stored) result.get(row.pool)!.push({ ...row, day: utcDate(row.day) });
  if (to === today) {
    for (const pool of POOLS) {
      const yesterday = await client.seatDay.findFirst({ where: { pool, day: { lt: dayStart(today) } }, orderBy: { day: "desc" } });
      const changes = await client.seatChange.findMany({
        where: { pool, at: { gte: dayStart(today) } },
        orderBy: HISTORY_ORDER,
        select: { at: true, usedDelta: true, waitingDelta: true, seatLimit: true },
      });
      if (!yesterday && changes.length === 0) continue;
      const start = yesterday ? levelAtEndOf(yesterday) : EMPTY_LEVEL;
      result.get(pool)!.push(...summariseDays({ pool, start, firstDay: today, lastDay: today, changes }).days);
    }
  }
  return result;
}
