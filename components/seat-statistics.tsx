import type { PoolForecast } from "@/lib/history/pool-forecasts";
import type { PoolStatistics } from "@/lib/licensing/seat-statistics";

import { POOL_LIMIT_FIELD as LIMIT_LABEL, POOL_TITLE as TITLE } from "@/lib/vocabulary";

/**
 * The statistics area of Admin > People: per pool, limit, used, remaining, and blocked apart;
 * with the history, the most used in the last 12 months and when the pool is forecast to fill.
 */
export function SeatStatistics({
  pools,
  peaks,
  forecasts,
}: {
  pools: PoolStatistics[];
  peaks?: Partial<Record<PoolStatistics["pool"], number>>;
  forecasts?: PoolForecast[];
}) {
  // A site whose license buys no extranet seats and has no extranet accounts shows one pool.
  const shown = pools.filter((p) => p.pool === "PRIMARY" || p.limit > 0 || p.used > 0 || p.blocked > 0);
  return (
    <section aria-labelledby="stats-title" className="stats">
      <h2 id="stats-title" className="visually-hidden">
        License statistics
      </h2>
      {shown.map((p) => (
        <article key={p.pool} className="card stat-card" aria-labelledby={`stat-${p.pool}`} data-pool={p.pool}>
          <h3 id={`stat-${p.pool}`}>{TITLE[p.pool]}</h3>
          <dl className="stat-grid">
            <div>
              <dt>License limit ({LIMIT_LABEL[p.pool]})</dt>
              <dd data-testid={`limit-${p.pool}`}>{p.limit}</dd>
            </div>
            <div>
              <dt>Seats used</dt>
              <dd data-testid={`used-${p.pool}`}>{p.used}</dd>
            </div>
            <div>
              <dt>Seats remaining</dt>
              <dd data-testid={`remaining-${p.pool}`}>{p.remaining}</dd>
            </div>
            <div>
              <dt>Blocked accounts</dt>
              <dd data-testid={`blocked-${p.pool}`}>
                {p.blocked}
                {p.waiting > 0 ? <span className="muted"> ({p.waiting} waiting for a seat)</span> : null}
              </dd>
            </div>
            {peaks?.[p.pool] !== undefined ? (
              <div>
                <dt>Maximum users, last 12 months</dt>
                <dd data-testid={`peak-${p.pool}`}>{peaks[p.pool]}</dd>
              </div>
            ) : null}
          </dl>
          {forecasts?.find((f) => f.pool === p.pool) ? (
            <p className="forecast" data-testid={`stat-forecast-${p.pool}`}>
              {forecasts.find((f) => f.pool === p.pool)!.sentence}
            </p>
          ) : null}
          {p.overBy > 0 ? (
            <p className="alert alert-error" role="status">
              Over the limit by {p.overBy}: the license was lowered below current use. Nobody was blocked, but no account can be made active
              here until {p.overBy + 1} seat{p.overBy + 1 === 1 ? " is" : "s are"} freed.
            </p>
          ) : p.remaining === 0 && p.limit > 0 ? (
            <p className="alert alert-warning" role="status">
              No seats remaining: new accounts cannot be made active here. Block or delete accounts that are no longer needed, or request
              more licenses.
            </p>
          ) : null}
        </article>
      ))}
    </section>
  );
}
