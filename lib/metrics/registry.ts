import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { periodicJobStatuses } from "../jobs/periodic-job";

// The process's one Prometheus registry and the metrics code outside this folder updates. No
// database here (and no "server-only"): the HTTP server (scripts/serve.ts) loads it outside Next.
// The database-derived gauges are added by ./collect.ts.

/** Request durations from 5 ms to a minute (a CSV export or import can take that long). */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Distinct `route` label values kept; later ones are counted as "(other)" so that a scanner's random paths cannot grow the series without bound. */
const MAX_HTTP_ROUTES = 200;

function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: "seatkeeper_" });

  const signInFailures = new Counter({
    name: "seatkeeper_sign_in_failures_total",
    help: "Sign-in attempts refused for a wrong user name or password.",
    registers,
  });
  const signInThrottled = new Counter({
    name: "seatkeeper_sign_in_throttled_total",
    help: "Sign-in attempts refused because the account or address had too many recent failures.",
    registers,
  });
  const scimRequests = new Counter({
    name: "seatkeeper_scim_requests_total",
    help: "Requests answered on /scim/v2, by HTTP status.",
    labelNames: ["status"] as const,
    registers,
  });
  const httpRequestDuration = new Histogram({
    name: "seatkeeper_http_request_duration_seconds",
    help: "Time from receiving a request to finishing its response, by method, route pattern and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers,
  });

  // Periodic jobs (mail, license-request, sync-cycle): read from their in-memory state at scrape time.
  const jobGauge = (name: string, help: string, value: (job: ReturnType<typeof periodicJobStatuses>[number]) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ["job"] as const,
      registers,
      collect() {
        this.reset();
        for (const job of periodicJobStatuses()) {
          const v = value(job);
          if (v !== null) this.set({ job: job.name }, v);
        }
      },
    });
  const seconds = (date: Date | null) => (date ? date.getTime() / 1000 : null);
  jobGauge(
    "seatkeeper_job_started",
    "1 when the periodic job's timer runs in this process, 0 when it was not started (e.g. mail without SMTP_URL).",
    (j) => (j.started ? 1 : 0),
  );
  jobGauge(
    "seatkeeper_job_last_run_timestamp_seconds",
    "When the job's last run finished (successfully or not), in seconds since the epoch.",
    (j) => seconds(j.lastFinishedAt),
  );
  jobGauge("seatkeeper_job_last_duration_seconds", "How long the job's last finished run took.", (j) =>
    j.lastDurationMs === null ? null : j.lastDurationMs / 1000,
  );
  jobGauge(
    "seatkeeper_job_last_success_timestamp_seconds",
    "When the job's last successful run finished, in seconds since the epoch.",
    (j) => seconds(j.lastSucceededAt),
  );
  const jobCounter = (name: string, help: string, value: (job: ReturnType<typeof periodicJobStatuses>[number]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ["job"] as const,
      registers,
      // The job keeps its own tallies; the counter only mirrors them at scrape time.
      collect() {
        this.reset();
        for (const job of periodicJobStatuses()) this.inc({ job: job.name }, value(job));
      },
    });
  jobCounter("seatkeeper_job_runs_total", "Finished runs of the periodic job in this process.", (j) => j.runs);
  jobCounter(
    "seatkeeper_job_failures_total",
    "Failed runs of the periodic job in this process (the reason is in the server log).",
    (j) => j.failures,
  );

  const seenRoutes = new Set<string>();
  /** Folds unbounded route values before they become labels. */
  const observeHttpRequest = (labels: { method: string; route: string; status: string | number }, durationSeconds: number) => {
    const status = String(labels.status);
    let route = status === "404" ? "(not found)" : labels.route;
    if (!seenRoutes.has(route)) {
      if (seenRoutes.size >= MAX_HTTP_ROUTES) route = "(other)";
      else seenRoutes.add(route);
    }
    httpRequestDuration.observe({ method: labels.method.toUpperCase(), route, status }, durationSeconds);
  };

  return { registry, signInFailures, signInThrottled, scimRequests, httpRequestDuration, observeHttpRequest };
}

type Metrics = ReturnType<typeof createMetrics>;
type HttpObserver = Metrics["observeHttpRequest"];

// One registry per process, on globalThis: the HTTP server and Next's bundles (and Next's reloads)
// may each evaluate this module, and a second registry would split the counts (or throw on the
// already-registered default metrics).
const shared = globalThis as unknown as { seatkeeperMetrics?: Metrics; seatkeeperObserveHttp?: HttpObserver };
const metrics = (shared.seatkeeperMetrics ??= createMetrics());
// scripts/serve.ts calls this hook, if set, when each response is done.
shared.seatkeeperObserveHttp ??= metrics.observeHttpRequest;

export const registry = metrics.registry;
/** `signInFailures.inc()` on each refused sign-in (wrong user name or password). */
export const signInFailures = metrics.signInFailures;
/** `signInThrottled.inc()` on each sign-in refused by the throttle. */
export const signInThrottled = metrics.signInThrottled;
export const scimRequests = metrics.scimRequests;
/** Raw histogram; prefer `observeHttpRequest`, which keeps the route label bounded. */
export const httpRequestDuration = metrics.httpRequestDuration;
/** `observeHttpRequest({ method, route, status }, seconds)`: route is a pattern ("/admin/people/:id"), never a raw URL. */
export const observeHttpRequest = metrics.observeHttpRequest;
