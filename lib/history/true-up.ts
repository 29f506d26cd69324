import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { spreadsheetCsv } from "../format/csv";
import { POOL_LIMIT_FIELD, POOL_WORD } from "../vocabulary";
import { readSeatDays } from "./keep-seat-days";
import type { SeatDaySummary } from "./seat-days";

/** An account that took a seat in a pool on a day the pool was over its limit. */
export type Activation = { day: string; at: Date; username: string; how: string };

export type PoolTrueUp = {
  pool: Pool;
  /** "Maximum users": the most seats in use at any moment of the period. */
  peakUsed: number;
  /** The limit at the end of the period. */
  endLimit: number;
  daysOver: number;
  firstDayOver: string | null;
  lastDayOver: string | null;
  /** The days over the limit, with the most over it that day. */
  overDays: { day: string; peakUsed: number; limit: number; overBy: number }[];
  activations: Activation[];
};

const HOW: Record<string, string> = {
  "account.create": "created",
  "account.unblock": "unblocked",
  "account.activate_waiting": "given a freed seat",
  "account.move": "moved into the pool",
  "account.update": "activated by its directory",
};

/**
 * The true-up report of a period (UTC days, inclusive): per pool, its peak, the days it was over
 * its limit, and who took a seat on those days, from the seat history and the audit events.
 */
export async function trueUpReport(options: { from: string; to: string; now?: Date }, client: Db = defaultDb()): Promise<PoolTrueUp[]> {
  const days = await readSeatDays(options, client);
  // The pools' activations are read at the same time, each on its own connection.
  return Promise.all(
    [...days].map(async ([pool, poolDays]): Promise<PoolTrueUp> => {
      const over = poolDays.filter((d) => d.overLimit);
      return {
        pool,
        peakUsed: Math.max(0, ...poolDays.map((d) => d.peakUsed)),
        endLimit: poolDays.at(-1)?.endLimit ?? 0,
        daysOver: over.length,
        firstDayOver: over[0]?.day ?? null,
        lastDayOver: over.at(-1)?.day ?? null,
        overDays: over.map((d: SeatDaySummary) => ({
          day: d.day,
          peakUsed: d.peakUsed,
          limit: d.minLimit,
          overBy: d.peakUsed - d.minLimit,
        })),
        activations: over.length
          ? await activationsOn(
              pool,
              over.map((d) => d.day),
              client,
            )
          : [],
      };
    }),
  );
}

/** Successful changes whose account was active in `pool` afterwards and not before (audit snapshots). */
async function activationsOn(pool: Pool, days: string[], client: Db): Promise<Activation[]> {
  // One index range scan of (at) per day over the limit, not a scan of the whole period. The
  // planner misjudges the JSON conditions as rare and would scan every event: OFFSET 0 keeps the
  // per-day subquery whole, so it is run once a day on the index. The tens of thousands of rows
  // a busy year gives arrive as one JSON array (times as epoch milliseconds), not as rows to convert.
  const [{ rows }] = await client.$queryRaw<{ rows: [number, string, string, string][] | null }[]>`
    SELECT json_agg(json_build_array(
        (extract(epoch FROM e.at) * 1000)::float8, d.day, coalesce(e.after->>'username', e."accountLabel"), e.action)
      ORDER BY e.at, e.id) AS rows
    FROM unnest(${days}::text[]) AS d(day)
    CROSS JOIN LATERAL (
      SELECT * FROM "AuditEvent" x
      WHERE x.at >= d.day::timestamp AND x.at < d.day::timestamp + interval '1 day'
        AND x.outcome = 'SUCCESS' AND x.after->>'state' = 'ACTIVE' AND x.after->>'pool' = ${pool}
        AND (x.before IS NULL OR x.before->>'state' IS DISTINCT FROM 'ACTIVE' OR x.before->>'pool' IS DISTINCT FROM ${pool})
      OFFSET 0
    ) e`;
  return (rows ?? []).map(([at, day, username, action]) => ({ day, at: new Date(Math.round(at)), username, how: HOW[action] ?? action }));
}

/** The report as CSV: a row per day over the limit and account that took a seat that day. */
export function trueUpCsv(report: PoolTrueUp[]): string {
  const rows: (string | number)[][] = [["Pool", "Limit field", "Day", "Peak used", "Limit", "Over by", "Took a seat", "At (UTC)", "How"]];
  for (const pool of report) {
    for (const day of pool.overDays) {
      const taken = pool.activations.filter((a) => a.day === day.day);
      const base = [POOL_WORD[pool.pool], POOL_LIMIT_FIELD[pool.pool], day.day, day.peakUsed, day.limit, day.overBy];
      if (taken.length === 0) rows.push([...base, "", "", ""]);
      for (const a of taken) rows.push([...base, a.username, a.at.toISOString().replace(/\.\d{3}Z$/, "Z"), a.how]);
    }
  }
  return spreadsheetCsv(rows);
}
