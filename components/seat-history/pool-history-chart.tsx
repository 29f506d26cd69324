"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { utcLongDate } from "@/lib/format/utc";
import type { HistoryPoint, LicenseChangeMark } from "@/lib/history/seat-history-view";
import type { Forecast } from "@/lib/history/forecast";
import { overRuns } from "./history-range";

const DAY_MS = 86_400_000;
const time = (day: string) => Date.parse(`${day}T00:00:00Z`);
const shortDate = (t: number) => new Date(t).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

type Row = { t: number; used?: number; limit?: number; waiting?: number; forecast?: number };

/**
 * One pool's seats over time: used (peak of each day) and waiting against the limit line, days
 * over the limit shaded, license changes marked, and the forecast dashed up to the day it meets
 * the limit. Drawn for sighted readers; the summary and the table say the same in text.
 */
export function PoolHistoryChart({
  points,
  forecast,
  licenseChanges,
  limitField,
}: {
  points: HistoryPoint[];
  forecast: Forecast | null;
  licenseChanges: LicenseChangeMark[];
  limitField: string;
}) {
  const rows: Row[] = points.map((p) => ({ t: time(p.day), used: p.used, limit: p.limit, waiting: p.waiting }));
  const last = points.at(-1);
  if (last && forecast?.kind === "fills") {
    // The dashed line: from today's seats used to the limit on the forecast day.
    rows[rows.length - 1] = { ...rows[rows.length - 1], forecast: last.endUsed };
    rows.push({ t: time(forecast.date), forecast: last.limit, limit: last.limit });
  }
  const first = rows[0]?.t ?? 0;
  const end = rows.at(-1)?.t ?? 0;
  const marks = licenseChanges.filter((c) => time(c.day) >= first && time(c.day) <= end);
  return (
    <div className="history-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={240}>
        <ComposedChart data={rows} margin={{ top: 16, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e3e7ee" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={[first, end]} tickFormatter={shortDate} minTickGap={40} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip
            labelFormatter={(t) => utcLongDate(new Date(Number(t)))}
            formatter={(value, name) => [
              value,
              name === "limit"
                ? `Limit (${limitField})`
                : name === "forecast"
                  ? "Forecast"
                  : name === "used"
                    ? "Seats used (peak)"
                    : "Waiting for a seat",
            ]}
          />
          {overRuns(points).map((run) => (
            <ReferenceArea
              key={run.from}
              x1={time(run.from)}
              x2={time(run.to) + DAY_MS - 1}
              fill="#d93025"
              fillOpacity={0.15}
              ifOverflow="hidden"
            />
          ))}
          {marks.map((mark) => (
            <ReferenceLine
              key={`${mark.day}-${mark.licenseId}`}
              x={time(mark.day)}
              stroke="#6b7280"
              strokeDasharray="2 3"
              label={{ value: mark.licenseId, position: "insideTopLeft", fontSize: 11, fill: "#4b5563" }}
            />
          ))}
          <Area
            type="stepAfter"
            dataKey="used"
            stroke="#1f5fbf"
            fill="#1f5fbf"
            fillOpacity={0.18}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Area type="stepAfter" dataKey="waiting" stroke="#b45309" fill="#b45309" fillOpacity={0.15} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="limit" stroke="#b3261e" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line
            type="linear"
            dataKey="forecast"
            stroke="#1f5fbf"
            strokeDasharray="6 4"
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <ul className="history-legend">
        <li className="legend-used">Seats used (peak of the day)</li>
        <li className="legend-limit">Limit ({limitField})</li>
        <li className="legend-waiting">Waiting for a seat</li>
        <li className="legend-over">Over the limit</li>
        {forecast?.kind === "fills" ? <li className="legend-forecast">Forecast</li> : null}
      </ul>
    </div>
  );
}
