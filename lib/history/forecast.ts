/** When a pool will be full at the recent rate, worked out from its daily peaks. */
export type Forecast =
  | { kind: "full"; limit: number; used: number }
  | { kind: "fills"; daysUntilFull: number; date: string; seatsPerWeek: number; jump?: Jump }
  | { kind: "not-expected"; seatsPerWeek: number; jump?: Jump }
  | { kind: "no-data" };

/** One day whose rise or fall makes most of the trend (a hiring wave, an import): said with it. */
export type Jump = { day: string; seats: number };

/** Days of daily peaks the trend is fitted on. */
export const FORECAST_WINDOW_DAYS = 90;
/** Fewer days than this and no trend is claimed. */
const MIN_DAYS = 14;
/** Beyond this, "full in 40 years" is noise: say it is not expected. */
const HORIZON_DAYS = 3 * 365;

/**
 * A least-squares line through the daily peaks of the last 90 days (x = day number, y = peak
 * used), extended until it meets the limit in force today. Flat or shrinking: not expected to
 * fill. Already at or above the limit: full. `today` is the last day of `peaks` plus one.
 */
export function forecastFull(options: {
  peaks: { day: string; peakUsed: number }[];
  limit: number;
  used: number;
  today: string;
}): Forecast {
  const { limit, used, today } = options;
  if (used >= limit) return { kind: "full", limit, used };
  const peaks = options.peaks.slice(-FORECAST_WINDOW_DAYS);
  if (peaks.length < MIN_DAYS) return { kind: "no-data" };
  const t0 = Date.parse(`${today}T00:00:00Z`);
  const points = peaks.map((p) => ({ x: (Date.parse(`${p.day}T00:00:00Z`) - t0) / 86_400_000, y: p.peakUsed }));
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.x, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - meanX) ** 2, 0);
  const sxy = points.reduce((s, p) => s + (p.x - meanX) * (p.y - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx; // seats a day
  const seatsPerWeek = Math.round(slope * 7 * 10) / 10;
  const jump = largestJump(peaks);
  const explained = jump ? { jump } : {};
  if (slope <= 1e-9) return { kind: "not-expected", seatsPerWeek, ...explained };
  // The line's value today (x = 0), then the days until it reaches the limit.
  const intercept = meanY - slope * meanX;
  const daysUntilFull = Math.max(1, Math.ceil((limit - Math.max(intercept, used)) / slope));
  if (daysUntilFull > HORIZON_DAYS) return { kind: "not-expected", seatsPerWeek, ...explained };
  const date = new Date(t0 + daysUntilFull * 86_400_000).toISOString().slice(0, 10);
  return { kind: "fills", daysUntilFull, date, seatsPerWeek, ...explained };
}

/**
 * The day-to-day change that is at least half of the window's whole movement (and more than a
 * couple of seats), if there is one: a trend made by one day is a step, and the reader should know.
 */
function largestJump(peaks: { day: string; peakUsed: number }[]): Jump | undefined {
  let best: Jump | undefined;
  let movement = 0;
  for (let i = 1; i < peaks.length; i++) {
    const seats = peaks[i].peakUsed - peaks[i - 1].peakUsed;
    movement += Math.abs(seats);
    if (!best || Math.abs(seats) > Math.abs(best.seats)) best = { day: peaks[i].day, seats };
  }
  return best && Math.abs(best.seats) > 2 && Math.abs(best.seats) * 2 >= movement ? best : undefined;
}
