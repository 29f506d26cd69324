import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { utcDate } from "../format/utc";
import type { Pool } from "../generated/prisma/enums";
import { readSeatDays } from "./keep-seat-days";
import { getPoolForecasts, type PoolForecast } from "./pool-forecasts";

/** One day of a pool on the chart: what the summaries hold, named for the screen. */
export type HistoryPoint = { day: string; used: number; endUsed: number; limit: number; waiting: number; over: boolean };
export type LicenseChangeMark = { day: string; licenseId: string; maxUsers: number; maxExtranetUsers: number };
export type PoolHistory = { pool: Pool; points: HistoryPoint[]; forecast: PoolForecast | null };
export type SeatHistoryView = { today: string; pools: PoolHistory[]; licenseChanges: LicenseChangeMark[] };

/**
 * Everything the history charts show, for the whole history (the screen picks its range): per
 * pool a point a day (peak used, the lowest limit of the day, peak waiting), the forecast, and
 * the days licenses were applied. Read from the daily summaries: a few hundred rows a pool. Of
 * today's figures the forecast needs only each pool's limit and seats used: the pool rows' own
 * counters, a constant-time read, rather than the statistics area's counts of blocked and waiting
 * accounts, which grow with the number of accounts.
 */
export async function getSeatHistoryView(options: { now?: Date } = {}, client: Db = defaultDb()): Promise<SeatHistoryView> {
  const now = options.now ?? new Date();
  const today = utcDate(now);
  const [levels, days, licenses] = await Promise.all([
    client.seatPool.findMany({ select: { pool: true, seatLimit: true, activeCount: true }, orderBy: { pool: "asc" } }),
    readSeatDays({ from: "1970-01-01", now }, client),
    client.$queryRaw<{ at: Date; licenseId: string; maxUsers: number; maxExtranetUsers: number }[]>`
      SELECT at, after->>'licenseId' AS "licenseId", (after->>'maxUsers')::int AS "maxUsers",
        (after->>'maxExtranetUsers')::int AS "maxExtranetUsers"
      FROM "AuditEvent" WHERE action = 'license.apply' AND outcome = 'SUCCESS' ORDER BY at, id`,
  ]);
  const statistics = levels.map((l) => ({ pool: l.pool, limit: l.seatLimit, used: l.activeCount }));
  const forecasts = await getPoolForecasts({ now, statistics, days }, client);
  const pools = statistics
    .filter((s) => s.limit > 0 || (days.get(s.pool)?.length ?? 0) > 0)
    .map((s) => ({
      pool: s.pool,
      points: (days.get(s.pool) ?? []).map((d) => ({
        day: d.day,
        used: d.peakUsed,
        endUsed: d.endUsed,
        limit: d.minLimit,
        waiting: d.peakWaiting,
        over: d.overLimit,
      })),
      forecast: forecasts.find((f) => f.pool === s.pool) ?? null,
    }));
  return { today, pools, licenseChanges: licenses.map((l) => ({ ...l, day: utcDate(l.at) })) };
}
