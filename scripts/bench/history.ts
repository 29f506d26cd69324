import { sealAuditChain } from "../../lib/audit/seal-audit-chain";
import { utcDate } from "../../lib/format/utc";
import { updateSeatDays } from "../../lib/history/keep-seat-days";
import { getSeatHistoryView } from "../../lib/history/seat-history-view";
import { trueUpReport } from "../../lib/history/true-up";
import type { BenchContext } from "./context";
import { log, ms, row, timed, type SectionResult } from "./measure";

const AUDIT_EVENTS = 1_000_000;
const SEAT_CHANGES = 400_000;
const DAYS = 730;

/**
 * Two years of history behind the seeded accounts (a million audit events, 400,000 seat changes,
 * limits that dip below use for a few days every two months), then the history's reads: the
 * charts' data with the forecast, and a year's true-up report, each against the SQL they amount to.
 */
export async function measureHistory({ db, raw, runs }: BenchContext): Promise<SectionResult> {
  const writeStart = performance.now();
  // A deterministic walk: slightly more arrivals than leavers, one change in five in the extranet pool.
  await raw.query(
    `INSERT INTO "SeatChange" (at, pool, "usedDelta", "waitingDelta", "seatLimit")
     SELECT (now() AT TIME ZONE 'UTC') - interval '${DAYS} days' + g * (interval '${DAYS - 1} days' / ${SEAT_CHANGES}),
       (CASE WHEN g % 5 = 0 THEN 'EXTRANET' ELSE 'PRIMARY' END)::"Pool",
       CASE WHEN (g::bigint * 2654435761) % 100 < 52 THEN 1 ELSE -1 END,
       CASE WHEN (g::bigint * 40503) % 100 < 3 THEN 1 WHEN (g::bigint * 40503) % 100 > 96 THEN -1 ELSE 0 END,
       CASE WHEN g % 20000 BETWEEN 0 AND 1000 THEN 10 ELSE 1000000 END
     FROM generate_series(1, ${SEAT_CHANGES}) g`,
  );
  // Written like any other event, then sealed into the chain by the same function the app's
  // sealer runs (timed below); the audit log section verifies all of them.
  await raw.query(
    `INSERT INTO "AuditEvent" (at, "actorLabel", action, outcome, "accountLabel", pool, before, after)
     SELECT (now() AT TIME ZONE 'UTC') - interval '${DAYS} days' + g * (interval '${DAYS - 1} days' / ${AUDIT_EVENTS}),
       'bench', a.action, 'SUCCESS', 'past' || g, a.pool::"Pool", a.before, a.after
     FROM generate_series(1, ${AUDIT_EVENTS}) g,
     LATERAL (SELECT
       (ARRAY['account.create', 'account.block', 'account.unblock', 'account.update'])[1 + g % 4] AS action,
       CASE WHEN g % 5 = 0 THEN 'EXTRANET' ELSE 'PRIMARY' END AS pool,
       CASE WHEN g % 4 = 2 THEN jsonb_build_object('state', 'BLOCKED', 'pool', CASE WHEN g % 5 = 0 THEN 'EXTRANET' ELSE 'PRIMARY' END) END AS before,
       jsonb_build_object('username', 'past' || g, 'state', CASE WHEN g % 4 = 1 THEN 'BLOCKED' ELSE 'ACTIVE' END,
         'pool', CASE WHEN g % 5 = 0 THEN 'EXTRANET' ELSE 'PRIMARY' END) AS after) a`,
  );
  const sealStart = performance.now();
  const sealed = await sealAuditChain(db);
  const sealMs = performance.now() - sealStart;
  await raw.query("ANALYZE");
  const writeMs = performance.now() - writeStart;
  const rebuildStart = performance.now();
  const { written } = await updateSeatDays({}, db);
  const rebuildMs = performance.now() - rebuildStart;
  log(
    `history written in ${(writeMs / 1000).toFixed(1)} s (${sealed} audit events sealed into the chain in ${(sealMs / 1000).toFixed(1)} s); ${written} daily summaries rebuilt in ${ms(rebuildMs)}`,
  );

  const today = utcDate(new Date());
  const yearAgo = utcDate(new Date(Date.now() - 364 * 86_400_000));
  const chart = await timed(() => getSeatHistoryView({}, db), runs);
  const chartBase = await timed(
    () =>
      Promise.all([
        raw.query(`SELECT * FROM "SeatDay" ORDER BY pool, day`),
        raw.query(`SELECT * FROM "SeatChange" WHERE at >= $1 ORDER BY at, id`, [new Date(`${today}T00:00:00Z`)]),
        raw.query(`SELECT * FROM "SeatPool"`),
      ]),
    runs,
  );
  const report = await trueUpReport({ from: yearAgo, to: today }, db);
  const overDays = report.flatMap((p) => p.overDays.map((d) => d.day));
  const trueUp = await timed(() => trueUpReport({ from: yearAgo, to: today }, db), runs);
  const trueUpBase = await timed(
    () =>
      Promise.all([
        raw.query(`SELECT * FROM "SeatDay" WHERE day BETWEEN $1 AND $2`, [yearAgo, today]),
        raw.query(
          `SELECT e.at, d.day, e.action, e.after->>'username' FROM unnest($1::text[]) AS d(day)
           CROSS JOIN LATERAL (SELECT * FROM "AuditEvent" x WHERE x.at >= d.day::timestamp AND x.at < d.day::timestamp + interval '1 day'
             AND x.outcome = 'SUCCESS' AND x.after->>'state' = 'ACTIVE' AND x.after->>'pool' = 'PRIMARY' OFFSET 0) e`,
          [overDays],
        ),
      ]),
    runs,
  );
  log("history measured");
  return {
    rows: [
      row("History: chart data (all days, both pools) and forecast", chart, chartBase, "p95 < 50 ms", chart.p95 < 50),
      row(`True-up report for a year (${overDays.length} days over the limit)`, trueUp, trueUpBase, "p95 < 500 ms", trueUp.p95 < 500),
    ],
    notes: [
      `History: ${AUDIT_EVENTS.toLocaleString("en")} audit events and ${SEAT_CHANGES.toLocaleString("en")} seat changes over two years written in ${(writeMs / 1000).toFixed(1)} s, of which ${(sealMs / 1000).toFixed(1)} s sealing the ${sealed.toLocaleString("en")} events into the audit chain (${Math.round(sealed / (sealMs / 1000)).toLocaleString("en")} events/s, the sealer's own rate); the ${written} daily summaries rebuilt from them (a first start or a restore) in ${ms(rebuildMs)}.`,
    ],
    failures: report.some((p) => p.daysOver === 0 && p.pool === "PRIMARY")
      ? ["the synthetic history should put the primary pool over its limit"]
      : [],
  };
}
