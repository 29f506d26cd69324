"use client";

import { useState } from "react";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { Tabs } from "@/components/ui/tabs";
import type { SeatHistoryView } from "@/lib/history/seat-history-view";
import { POOL_LIMIT_FIELD, POOL_TITLE } from "@/lib/vocabulary";
import { DEFAULT_HISTORY_RANGE, describeRange, HISTORY_RANGES, pointsInRange, type HistoryRange } from "./history-range";
import { PoolHistoryChart } from "./pool-history-chart";
import { PoolHistoryTable } from "./pool-history-table";

/**
 * Each pool's seat history with its forecast: a range to choose, then per pool a sentence, the
 * chart and the same numbers as a table. Every pool shows the same range.
 */
export function SeatHistorySection({ view, method }: { view: SeatHistoryView; method: string }) {
  const [range, setRange] = useState<HistoryRange>(DEFAULT_HISTORY_RANGE);
  const rangeLabel = HISTORY_RANGES.find((r) => r.value === range)!.label;
  return (
    <div className="stack history">
      <SegmentedControl label="Time range" options={HISTORY_RANGES} value={range} onChange={setRange} />
      {view.pools.map(({ pool, points, forecast }) => {
        const shown = pointsInRange(points, range, view.today);
        const title = POOL_TITLE[pool];
        return (
          <section key={pool} aria-labelledby={`history-${pool}`} className="history-pool" data-testid={`history-${pool}`}>
            <h3 id={`history-${pool}`}>{title}</h3>
            <p data-testid={`history-summary-${pool}`}>{describeRange(shown, rangeLabel)}</p>
            {forecast ? (
              <p className="forecast" data-testid={`forecast-${pool}`}>
                <strong>Forecast:</strong> {forecast.sentence}
              </p>
            ) : null}
            <Tabs
              label={`${title}: chart or table`}
              tabs={[
                {
                  value: "chart",
                  label: "Chart",
                  content: (
                    <PoolHistoryChart
                      points={shown}
                      forecast={forecast?.forecast ?? null}
                      licenseChanges={view.licenseChanges}
                      limitField={POOL_LIMIT_FIELD[pool]}
                    />
                  ),
                },
                {
                  value: "table",
                  label: "Table",
                  content: (
                    <PoolHistoryTable
                      points={shown}
                      caption={`${title}: seats by day, ${rangeLabel.toLowerCase()}`}
                      limitField={POOL_LIMIT_FIELD[pool]}
                    />
                  ),
                },
              ]}
            />
          </section>
        );
      })}
      <p className="muted">How the forecast is made: {method}</p>
    </div>
  );
}
