import { utcLongDate } from "@/lib/format/utc";
import type { HistoryPoint, SeatHistoryView } from "@/lib/history/seat-history-view";

// The chart's time ranges and what a range says in words. No server imports: the chart uses it.

export const HISTORY_RANGES = [
  { value: "30d", label: "30 days", days: 30 },
  { value: "90d", label: "90 days", days: 90 },
  { value: "12m", label: "12 months", days: 365 },
  { value: "all", label: "All", days: Infinity },
] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number]["value"];
export const DEFAULT_HISTORY_RANGE: HistoryRange = "90d";

/** The points of the last `range` days up to today. */
export function pointsInRange(points: HistoryPoint[], range: HistoryRange, today: string): HistoryPoint[] {
  const days = HISTORY_RANGES.find((r) => r.value === range)!.days;
  if (!Number.isFinite(days)) return points;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return points.filter((p) => p.day >= from);
}

/** Runs of consecutive days over the limit, to shade on the chart. */
export function overRuns(points: HistoryPoint[]): { from: string; to: string }[] {
  const runs: { from: string; to: string }[] = [];
  for (const p of points) {
    const last = runs.at(-1);
    const previousDay = last ? new Date(Date.parse(`${last.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : null;
    if (!p.over) continue;
    if (last && previousDay === p.day) last.to = p.day;
    else runs.push({ from: p.day, to: p.day });
  }
  return runs;
}

/** What a range of a pool's history says, in one or two sentences (the chart's text alternative). */
export function describeRange(points: HistoryPoint[], rangeLabel: string): string {
  if (points.length === 0) return `No history in the last ${rangeLabel.toLowerCase()}.`;
  const peak = points.reduce((best, p) => (p.used > best.used ? p : best), points[0]);
  const low = Math.min(...points.map((p) => p.used));
  const last = points.at(-1)!;
  const over = points.filter((p) => p.over).length;
  const waiting = Math.max(...points.map((p) => p.waiting));
  const span = rangeLabel === "All" ? "Since the history began" : `Over the last ${rangeLabel}`;
  return (
    `${span}: seats used between ${low} and ${peak.used} (peak ${peak.used} on ${utcLongDate(peak.day)}), ` +
    `${last.endUsed} of ${last.limit} today. ` +
    `${over === 0 ? "Never over the limit" : `Over the limit on ${over} day${over === 1 ? "" : "s"}`}; ` +
    `${waiting === 0 ? "no account waited for a seat" : `up to ${waiting} account${waiting === 1 ? "" : "s"} waiting for a seat`}.`
  );
}

/** The most seats used on any day of the last `days` days up to today ("maximum users"). */
export function peakOfLastDays(points: HistoryPoint[], days: number, today: string): number {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return Math.max(0, ...points.filter((p) => p.day >= from).map((p) => p.used));
}

/** Each pool's maximum users of the last 12 months, for the statistics. */
export function peaksOfLastYear(view: SeatHistoryView) {
  return Object.fromEntries(view.pools.map((p) => [p.pool, peakOfLastDays(p.points, 365, view.today)]));
}
