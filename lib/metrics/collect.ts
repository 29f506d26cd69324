import "server-only";
import { Gauge } from "prom-client";
import { db as defaultDb, type Db } from "../db/client";
import { withTimeout } from "../health/timeout";
import { getPoolForecasts, type PoolForecast } from "../history/pool-forecasts";
import { getSeatStatistics, type PoolStatistics } from "../licensing/seat-statistics";
import { registry } from "./registry";

// The gauges read from the database, filled at scrape time (prom-client collect()) from one
// snapshot per scrape: a few cheap queries (the forecast reads 90 daily summaries per pool) (the seat counters live on the SeatPool rows; the outbox
// counts use the (sentAt, …) and (state, …) indexes), however many gauges there are.

export type DatabaseSnapshot = {
  pools: PoolStatistics[];
  forecasts: PoolForecast[];
  mailBacklog: number;
  mailFailing: number;
  licenseRequestBacklog: number;
  licenseRequestFailing: number;
  /** null when there is no license or it never expires. */
  licenseExpiresAt: Date | null;
};

const SCRAPE_TIMEOUT_MS = 5_000;

export async function readDatabaseSnapshot(client: Db): Promise<DatabaseSnapshot> {
  const [{ pools, forecasts }, [counts]] = await Promise.all([
    getSeatStatistics(client).then(async (pools) => ({ pools, forecasts: await getPoolForecasts({ statistics: pools }, client) })),
    client.$queryRaw<
      { mailBacklog: bigint; mailFailing: bigint; requestBacklog: bigint; requestFailing: bigint; expiresAt: Date | null }[]
    >`
      SELECT
        (SELECT count(*) FROM "MailOutbox" WHERE "sentAt" IS NULL) AS "mailBacklog",
        (SELECT count(*) FROM "MailOutbox" WHERE "sentAt" IS NULL AND attempts > 0) AS "mailFailing",
        (SELECT count(*) FROM "LicenseRequestDelivery" WHERE state <> 'SENT') AS "requestBacklog",
        (SELECT count(*) FROM "LicenseRequestDelivery" WHERE state = 'FAILED') AS "requestFailing",
        (SELECT "expiresAt" FROM "License" WHERE id = 1) AS "expiresAt"`,
  ]);
  return {
    pools,
    forecasts,
    mailBacklog: Number(counts.mailBacklog),
    mailFailing: Number(counts.mailFailing),
    licenseRequestBacklog: Number(counts.requestBacklog),
    licenseRequestFailing: Number(counts.requestFailing),
    licenseExpiresAt: counts.expiresAt,
  };
}

async function loadSnapshot(client: () => Db): Promise<DatabaseSnapshot | null> {
  try {
    return await withTimeout(readDatabaseSnapshot(client()), SCRAPE_TIMEOUT_MS);
  } catch (error) {
    // The scrape still answers (process and HTTP metrics matter most when the database is down);
    // the database gauges are left out and seatkeeper_database_up says why.
    console.error(
      `[metrics] database-derived metrics unavailable: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim()}`,
    );
    return null;
  }
}

// Shared through globalThis, like the registry: gauges registered by an earlier evaluation of this
// module (a Next reload) must see the scrape that renderMetrics() of a later one started.
const shared = globalThis as unknown as {
  seatkeeperDatabaseGauges?: boolean;
  seatkeeperScrape?: Promise<DatabaseSnapshot | null> | null;
};

/**
 * The snapshot of the scrape in progress. Registry.metrics() calls every collect() in one
 * synchronous pass, so they all find the same one; a scrape that did not come through
 * renderMetrics() starts one on the default client, shared until the pass is over.
 */
function currentSnapshot(): Promise<DatabaseSnapshot | null> {
  if (!shared.seatkeeperScrape) {
    const scrape = loadSnapshot(defaultDb);
    shared.seatkeeperScrape = scrape;
    queueMicrotask(() => {
      if (shared.seatkeeperScrape === scrape) shared.seatkeeperScrape = null;
    });
  }
  return shared.seatkeeperScrape;
}

type Sample = { labels?: Record<string, string>; value: number };

/** A gauge filled from the scrape's snapshot; absent (no sample at all) when it has nothing to say. */
class DatabaseGauge extends Gauge<string> {
  private sampled = false;

  constructor(name: string, help: string, labelNames: string[], read: (snapshot: DatabaseSnapshot) => Sample[]) {
    super({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const gauge = this as DatabaseGauge;
        const snapshot = await currentSnapshot();
        gauge.reset();
        const samples = snapshot ? read(snapshot) : [];
        for (const sample of samples) gauge.set(sample.labels ?? {}, sample.value);
        gauge.sampled = samples.length > 0;
      },
    });
  }

  // prom-client always prints an unlabelled gauge (0 when unset): that would claim an empty outbox
  // while the database is down, or a license that expired in 1970.
  override async get() {
    const metric = await super.get();
    return this.sampled ? metric : { ...metric, values: [] };
  }
}

const poolLabel = (pool: PoolStatistics["pool"]) => pool.toLowerCase();
const perPool = (value: (p: PoolStatistics) => number) => (s: DatabaseSnapshot) =>
  s.pools.map((p) => ({ labels: { pool: poolLabel(p.pool) }, value: value(p) }));
const single = (value: (s: DatabaseSnapshot) => number | null) => (s: DatabaseSnapshot) => {
  const v = value(s);
  return v === null ? [] : [{ value: v }];
};

/** Registers the database gauges once per process. */
export function registerDatabaseGauges(): void {
  if (shared.seatkeeperDatabaseGauges) return;
  shared.seatkeeperDatabaseGauges = true;
  new Gauge({
    name: "seatkeeper_database_up",
    help: "1 when this scrape read the database-derived metrics, 0 when the database did not answer (they are then absent).",
    registers: [registry],
    async collect() {
      this.set((await currentSnapshot()) ? 1 : 0);
    },
  });
  new DatabaseGauge(
    "seatkeeper_seats_limit",
    "Seats the license grants in the pool.",
    ["pool"],
    perPool((p) => p.limit),
  );
  new DatabaseGauge(
    "seatkeeper_seats_used",
    "Seats taken by active accounts in the pool.",
    ["pool"],
    perPool((p) => p.used),
  );
  new DatabaseGauge(
    "seatkeeper_seats_remaining",
    "Free seats in the pool (limit - used, never below 0).",
    ["pool"],
    perPool((p) => p.remaining),
  );
  new DatabaseGauge(
    "seatkeeper_accounts_waiting",
    "Accounts blocked for lack of a seat, waiting for one (directory sync activates them).",
    ["pool"],
    perPool((p) => p.waiting),
  );
  new DatabaseGauge(
    "seatkeeper_accounts_blocked",
    "Blocked accounts in the pool, whatever the reason (includes the waiting ones).",
    ["pool"],
    perPool((p) => p.blocked),
  );
  new DatabaseGauge(
    "seatkeeper_pool_forecast_days_until_full",
    "Days until the pool is forecast to be full at the recent rate (Admin › People shows how): 0 when full, +Inf when not expected to fill; absent without two weeks of history.",
    ["pool"],
    (s) =>
      s.forecasts.flatMap(({ pool, forecast }) => {
        const days =
          forecast.kind === "full"
            ? 0
            : forecast.kind === "fills"
              ? forecast.daysUntilFull
              : forecast.kind === "not-expected"
                ? Infinity
                : null;
        return days === null ? [] : [{ labels: { pool: poolLabel(pool) }, value: days }];
      }),
  );
  new DatabaseGauge(
    "seatkeeper_license_expiry_timestamp_seconds",
    "When the license in force expires, in seconds since the epoch; absent when it never expires (or there is none).",
    [],
    single((s) => (s.licenseExpiresAt ? s.licenseExpiresAt.getTime() / 1000 : null)),
  );
  new DatabaseGauge(
    "seatkeeper_mail_outbox_backlog",
    "Mail not sent yet (due or waiting for a retry).",
    [],
    single((s) => s.mailBacklog),
  );
  new DatabaseGauge(
    "seatkeeper_mail_outbox_failing",
    "Mail not sent yet whose delivery already failed at least once.",
    [],
    single((s) => s.mailFailing),
  );
  new DatabaseGauge(
    "seatkeeper_license_request_outbox_backlog",
    "License-request deliveries not sent yet (QUEUED or FAILED).",
    [],
    single((s) => s.licenseRequestBacklog),
  );
  new DatabaseGauge(
    "seatkeeper_license_request_outbox_failing",
    "License-request deliveries whose last attempt failed (FAILED, retried with backoff).",
    [],
    single((s) => s.licenseRequestFailing),
  );
}

/** The whole registry in Prometheus text format, the database gauges read through `client`. */
export function renderMetrics(client?: Db): Promise<string> {
  registerDatabaseGauges();
  const scrape = loadSnapshot(client ? () => client : defaultDb);
  shared.seatkeeperScrape = scrape;
  try {
    return registry.metrics();
  } finally {
    // Every collect() has picked the snapshot up by now (see currentSnapshot).
    if (shared.seatkeeperScrape === scrape) shared.seatkeeperScrape = null;
  }
}
