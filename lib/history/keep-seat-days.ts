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

type LastSummary = { day: string; level: SeatLevel };

/** Each pool's latest summary, in one query (the primary key serves it). */
async function lastSummaries(client: Db): Promise<Map<Pool, LastSummary>> {
  const rows = await client.$queryRaw<{ pool: Pool; day: string; endUsed: number; endWaiting: number; endLimit: number }[]>`
    SELECT DISTINCT ON (pool) pool, to_char(day, 'YYYY-MM-DD') AS day, "endUsed", "endWaiting", "endLimit"
    FROM "SeatDay" ORDER BY pool, day DESC`;
  return new Map(rows.map((r) => [r.pool, { day: r.day, level: levelAtEndOf(r) }]));
}

/**
 * Brings the daily summaries up to date: every complete UTC day (before `today`) that has no
 * summary yet, per pool, from the last summary's end level and the changes since. With no
 * summaries at all (first start, a restore) it rebuilds them from the whole history. Several
 * processes may run it at once: a day's summary depends on the history alone, and a day already
 * written is left as it is. Answers each pool's latest summary afterwards (yesterday's, once the
 * pool has a history).
 */
export async function updateSeatDays(
  options: { today?: string } = {},
  client: Db = defaultDb(),
): Promise<{ written: number; last: Map<Pool, LastSummary> }> {
  const today = options.today ?? utcDate(new Date());
  const lastDay = addDays(today, -1);
  const last = await lastSummaries(client);
  let written = 0;
  for (const pool of POOLS) {
    const latest = last.get(pool);
    if (latest && latest.day >= lastDay) continue; // up to date: the usual case, one query in all
    let start: SeatLevel;
    let firstDay: string;
    if (latest) {
      start = latest.level;
      firstDay = addDays(latest.day, 1);
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
      if (days.length) last.set(pool, { day: chunkEnd, level: end });
      firstDay = addDays(chunkEnd, 1);
    }
  }
  return { written, last };
}

const toRow = (d: SeatDaySummary) => ({ ...d, day: dayStart(d.day) });

/**
 * Each pool's days from `from` to `to` (inclusive, UTC), the summaries brought up to date first,
 * and today (when in range) replayed live from yesterday's end and today's changes. Three queries
 * when the summaries are up to date, whatever the length of the history.
 */
export async function readSeatDays(options: { from: string; to?: string; now?: Date }, client: Db = defaultDb()) {
  const now = options.now ?? new Date();
  const today = utcDate(now);
  const to = options.to && options.to < today ? options.to : today;
  const { last } = await updateSeatDays({ today }, client);
  // As one JSON array: years of days arrive as one value, not as thousands of rows to convert.
  // Today's changes are read alongside.
  const [[{ days: stored }], changes] = await Promise.all([
    client.$queryRaw<{ days: SeatDaySummary[] | null }[]>`
      SELECT json_agg(json_build_object('pool', pool, 'day', to_char(day, 'YYYY-MM-DD'), 'peakUsed', "peakUsed", 'endUsed', "endUsed",
        'endLimit', "endLimit", 'minLimit', "minLimit", 'peakWaiting', "peakWaiting", 'endWaiting', "endWaiting", 'overLimit', "overLimit")
        ORDER BY pool, day) AS days
      FROM "SeatDay" WHERE day BETWEEN ${options.from}::date AND ${to}::date`,
    to === today
      ? client.$queryRaw<{ pool: Pool; at: Date; usedDelta: number; waitingDelta: number; seatLimit: number | null }[]>`
          SELECT pool, at, "usedDelta", "waitingDelta", "seatLimit" FROM "SeatChange"
          WHERE pool = ANY(${POOLS}::"Pool"[]) AND at >= ${dayStart(today)} ORDER BY at, id`
      : Promise.resolve([]),
  ]);
  const result = new Map<Pool, SeatDaySummary[]>(POOLS.map((pool) => [pool, []]));
  for (const row of stored ?? []) result.get(row.pool)!.push(row);
  if (to === today) {
    for (const pool of POOLS) {
      const mine = changes.filter((c) => c.pool === pool);
      const yesterday = last.get(pool);
      if (!yesterday && mine.length === 0) continue;
      const start = yesterday ? yesterday.level : EMPTY_LEVEL;
      result.get(pool)!.push(...summariseDays({ pool, start, firstDay: today, lastDay: today, changes: mine }).days);
    }
  }
  return result;
}
