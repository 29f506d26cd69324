import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { utcDate, utcLongDate } from "../format/utc";
import { getSeatStatistics, type PoolStatistics } from "../licensing/seat-statistics";
import { POOL_TITLE } from "../vocabulary";
import { FORECAST_WINDOW_DAYS, forecastFull, type Forecast } from "./forecast";
import { readSeatDays } from "./keep-seat-days";
import type { SeatDaySummary } from "./seat-days";

/** What a forecast needs of today's figures: a pool's limit and seats used. */
type PoolLevel = Pick<PoolStatistics, "pool" | "limit" | "used">;

export type PoolForecast = { pool: Pool; limit: number; used: number; forecast: Forecast; sentence: string };

const DAY_MS = 86_400_000;
const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${Math.abs(n).toLocaleString("en")}`;

/** How the forecast is made, in words, for the screens. */
export const FORECAST_METHOD =
  `A least-squares trend through each pool's daily peak of seats used over the last ${FORECAST_WINDOW_DAYS} days, ` +
  "extended from today's seats used until it meets the limit in force.";

/** The forecast as one sentence: "Primary area: full in about 23 days (around 22 December 2026) at +1.4 seats a week." */
export function forecastSentence(pool: Pool, forecast: Forecast): string {
  const title = POOL_TITLE[pool];
  const jump =
    "jump" in forecast && forecast.jump
      ? ` Most of this trend is one day: ${signed(forecast.jump.seats)} seats on ${utcLongDate(forecast.jump.day)}.`
      : "";
  switch (forecast.kind) {
    case "full":
      return `${title}: already full (${forecast.used} of ${forecast.limit} seats in use).`;
    case "fills":
      return (
        `${title}: full in about ${forecast.daysUntilFull} day${forecast.daysUntilFull === 1 ? "" : "s"} ` +
        `(around ${utcLongDate(forecast.date)}) at ${signed(forecast.seatsPerWeek)} seats a week.${jump}`
      );
    case "not-expected":
      return `${title}: not expected to fill at the current rate (${signed(forecast.seatsPerWeek)} seats a week).${jump}`;
    case "no-data":
      return `${title}: not enough history yet for a forecast (two weeks are needed).`;
  }
}

/**
 * Each pool's forecast from its history and today's figures (pools the license buys no seats in
 * are left out). Pass `statistics` and `days` (covering the last 90 days) when they were just
 * read, to spare reading them again.
 */
export async function getPoolForecasts(
  options: { now?: Date; statistics?: PoolLevel[]; days?: Map<Pool, SeatDaySummary[]> } = {},
  client: Db = defaultDb(),
): Promise<PoolForecast[]> {
  const now = options.now ?? new Date();
  const today = utcDate(now);
  const from = utcDate(new Date(now.getTime() - FORECAST_WINDOW_DAYS * DAY_MS));
  const [days, statistics] = await Promise.all([
    options.days ?? readSeatDays({ from, to: utcDate(new Date(now.getTime() - DAY_MS)), now }, client),
    options.statistics ?? getSeatStatistics(client),
  ]);
  // The complete days of the window: today is still moving.
  const window = (pool: Pool) => (days.get(pool) ?? []).filter((d) => d.day >= from && d.day < today);
  return statistics
    .filter((s) => s.limit > 0)
    .map((s) => {
      const forecast = forecastFull({ peaks: window(s.pool), limit: s.limit, used: s.used, today });
      return { pool: s.pool, limit: s.limit, used: s.used, forecast, sentence: forecastSentence(s.pool, forecast) };
    });
}
