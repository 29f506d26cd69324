import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../db/client";
import { findFreePort } from "../db/embedded-postgres";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { createPeriodicJob, stopPeriodicJobs } from "../jobs/periodic-job";
import { blockAccount, createAccount, getSeatStatistics } from "../licensing";
import { readDatabaseSnapshot, renderMetrics } from "./collect";
import { parsePrometheusText, samplesOf, valueOf } from "./parse-text";
import { observeHttpRequest, registry, signInFailures, signInThrottled } from "./registry";

const admin = { id: null, label: "test admin" };
let t: TestDatabase;

beforeAll(async () => {
  delete process.env.SMTP_URL;
  t = await createTestDatabase();
  const areas = await createSite(t.db, { maxUsers: 5, maxExtranetUsers: 3 });
  // Primary: 3 created, 1 blocked by hand -> 2 used, 1 blocked.
  const primary = [];
  for (let i = 0; i < 3; i++) primary.push(await createAccount({ actor: admin, source: "FORM", account: person(areas.intranet.id) }, t.db));
  await blockAccount({ actor: admin, accountId: primary[0].id }, t.db);
  // Extranet: full (3 of 3) and one more waiting for a seat.
  for (let i = 0; i < 3; i++)
    await createAccount({ actor: admin, source: "FORM", account: person(i % 2 ? areas.partners.id : areas.suppliers.id) }, t.db);
  await createAccount({ actor: admin, source: "DIRECTORY", whenFull: "wait", account: person(areas.partners.id) }, t.db);
});
afterAll(async () => {
  await stopPeriodicJobs();
  await t.close();
});

async function scrape(client = t.db) {
  return parsePrometheusText(await renderMetrics(client));
}

describe("database-derived gauges", () => {
  it("give each pool's seats and blocked/waiting accounts as getSeatStatistics does", async () => {
    const samples = await scrape();
    const stats = await getSeatStatistics(t.db);
    expect(stats.map((s) => [s.pool, s.used, s.blocked, s.waiting])).toEqual([
      ["PRIMARY", 2, 1, 0],
      ["EXTRANET", 3, 1, 1],
    ]);
    for (const s of stats) {
      const pool = s.pool.toLowerCase();
      expect(valueOf(samples, "seatkeeper_seats_limit", { pool })).toBe(s.limit);
      expect(valueOf(samples, "seatkeeper_seats_used", { pool })).toBe(s.used);
      expect(valueOf(samples, "seatkeeper_seats_remaining", { pool })).toBe(s.remaining);
      expect(valueOf(samples, "seatkeeper_accounts_blocked", { pool })).toBe(s.blocked);
      expect(valueOf(samples, "seatkeeper_accounts_waiting", { pool })).toBe(s.waiting);
    }
    expect(
      samplesOf(samples, "seatkeeper_seats_limit")
        .map((s) => s.labels.pool)
        .sort(),
    ).toEqual(["extranet", "primary"]);
    expect(valueOf(samples, "seatkeeper_seats_remaining", { pool: "primary" })).toBe(3);
    expect(valueOf(samples, "seatkeeper_database_up")).toBe(1);
  });

  it("count the mail and license-request outboxes: backlog (not sent) and failing", async () => {
    await t.db.mailOutbox.deleteMany();
    await t.db.mailOutbox.createMany({
      data: [
        { to: "a@example.test", subject: "due", body: "" },
        { to: "b@example.test", subject: "retrying", body: "", attempts: 2, lastError: "refused" },
        { to: "c@example.test", subject: "sent", body: "", attempts: 1, sentAt: new Date() },
      ],
    });
    const request = (state: "QUEUED" | "FAILED" | "SENT") => ({
      requestedByLabel: "test",
      pool: "PRIMARY" as const,
      seats: 1,
      reason: "more",
      contactName: "C",
      contactEmail: "c@example.test",
      deliveries: {
        create: [{ channel: "HTTP" as const, target: "https://vendor.example.test/requests", state, attempts: state === "QUEUED" ? 0 : 1 }],
      },
    });
    for (const state of ["QUEUED", "QUEUED", "FAILED", "SENT"] as const) await t.db.licenseRequest.create({ data: request(state) });

    const samples = await scrape();
    expect(valueOf(samples, "seatkeeper_mail_outbox_backlog")).toBe(2);
    expect(valueOf(samples, "seatkeeper_mail_outbox_failing")).toBe(1);
    expect(valueOf(samples, "seatkeeper_license_request_outbox_backlog")).toBe(3);
    expect(valueOf(samples, "seatkeeper_license_request_outbox_failing")).toBe(1);
  });

  it("leave the license expiry out while the license never expires, and give it when it does", async () => {
    const text = await renderMetrics(t.db);
    expect(text).toContain("# TYPE seatkeeper_license_expiry_timestamp_seconds gauge");
    expect(valueOf(parsePrometheusText(text), "seatkeeper_license_expiry_timestamp_seconds")).toBeUndefined();

    const expiresAt = new Date("2027-06-30T00:00:00Z");
    await t.db.license.update({ where: { id: 1 }, data: { expiresAt } });
    try {
      expect(valueOf(await scrape(), "seatkeeper_license_expiry_timestamp_seconds")).toBe(expiresAt.getTime() / 1000);
    } finally {
      await t.db.license.update({ where: { id: 1 }, data: { expiresAt: null } });
    }
  });

  it("are left out, with seatkeeper_database_up 0, when the database is unreachable; the rest still answers", async () => {
    const port = await findFreePort();
    const unreachable = createPrismaClient(`postgresql://u:p@127.0.0.1:${port}/nothing`, { poolSize: 1 });
    try {
      const samples = await scrape(unreachable);
      expect(valueOf(samples, "seatkeeper_database_up")).toBe(0);
      for (const name of ["seatkeeper_seats_used", "seatkeeper_mail_outbox_backlog", "seatkeeper_license_request_outbox_backlog"]) {
        expect(samplesOf(samples, name)).toEqual([]);
      }
      expect(valueOf(samples, "seatkeeper_process_cpu_user_seconds_total")).toBeGreaterThan(0);
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("are read in one snapshot per scrape, shared by every gauge", async () => {
    const queries: string[] = [];
    const counting = new Proxy(t.db, {
      get(target, key, receiver) {
        if (key === "$queryRaw") {
          return (...args: unknown[]) => {
            queries.push(
              String((args[0] as TemplateStringsArray)[0])
                .trim()
                .slice(0, 30),
            );
            return (target.$queryRaw as (...a: unknown[]) => unknown)(...args);
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
    // One snapshot's queries, whatever the number of gauges that read it.
    await readDatabaseSnapshot(counting);
    const perSnapshot = queries.length;
    queries.length = 0;
    await renderMetrics(counting);
    expect(queries).toHaveLength(perSnapshot);
    expect(perSnapshot).toBeLessThanOrEqual(6);
  });
});

describe("process metrics", () => {
  it("count sign-in failures and throttles", async () => {
    const before = await scrape();
    signInFailures.inc();
    signInFailures.inc();
    signInThrottled.inc();
    const after = await scrape();
    expect(valueOf(after, "seatkeeper_sign_in_failures_total")! - valueOf(before, "seatkeeper_sign_in_failures_total")!).toBe(2);
    expect(valueOf(after, "seatkeeper_sign_in_throttled_total")! - valueOf(before, "seatkeeper_sign_in_throttled_total")!).toBe(1);
  });

  it("observe HTTP durations by method, route pattern and status, folding not-found paths", async () => {
    observeHttpRequest({ method: "get", route: "/admin/people/:id", status: 200 }, 0.12);
    observeHttpRequest({ method: "GET", route: "/wp-login.php", status: 404 }, 0.003);
    const samples = await scrape();
    const labels = { method: "GET", route: "/admin/people/:id", status: "200" };
    expect(valueOf(samples, "seatkeeper_http_request_duration_seconds_count", labels)).toBe(1);
    expect(valueOf(samples, "seatkeeper_http_request_duration_seconds_bucket", { ...labels, le: "0.1" })).toBe(0);
    expect(valueOf(samples, "seatkeeper_http_request_duration_seconds_bucket", { ...labels, le: "0.25" })).toBe(1);
    expect(valueOf(samples, "seatkeeper_http_request_duration_seconds_count", { route: "(not found)", status: "404" })).toBe(1);
    expect(samplesOf(samples, "seatkeeper_http_request_duration_seconds_count", { route: "/wp-login.php" })).toEqual([]);
    // The HTTP server (scripts/serve.ts) reaches the same histogram through this hook.
    expect((globalThis as { seatkeeperObserveHttp?: unknown }).seatkeeperObserveHttp).toBe(observeHttpRequest);
  });

  it("give each periodic job's state, its last run and duration", async () => {
    const job = createPeriodicJob(
      "test-metrics-job",
      () => new Promise((r) => setTimeout(r, 30)),
      () => 60_000,
    );
    createPeriodicJob(
      "test-idle-job",
      async () => undefined,
      () => 60_000,
    );
    const before = Date.now() / 1000;
    job.start();
    await job.stop(); // waits for the first run
    job.start();
    await job.stop();
    const samples = await scrape();
    const labels = { job: "test-metrics-job" };
    expect(valueOf(samples, "seatkeeper_job_started", labels)).toBe(0); // stopped again
    expect(valueOf(samples, "seatkeeper_job_runs_total", labels)).toBe(2);
    expect(valueOf(samples, "seatkeeper_job_failures_total", labels)).toBe(0);
    expect(valueOf(samples, "seatkeeper_job_last_run_timestamp_seconds", labels)).toBeGreaterThanOrEqual(before);
    expect(valueOf(samples, "seatkeeper_job_last_success_timestamp_seconds", labels)).toBeGreaterThanOrEqual(before);
    expect(valueOf(samples, "seatkeeper_job_last_duration_seconds", labels)).toBeGreaterThanOrEqual(0.025);
    // A job that never ran has no last run, rather than one in 1970.
    expect(valueOf(samples, "seatkeeper_job_started", { job: "test-idle-job" })).toBe(0);
    expect(valueOf(samples, "seatkeeper_job_last_run_timestamp_seconds", { job: "test-idle-job" })).toBeUndefined();
  });

  it("include Node's default process metrics with the seatkeeper_ prefix, and every name is seatkeeper_*", async () => {
    const text = await renderMetrics(t.db);
    const samples = parsePrometheusText(text);
    expect(valueOf(samples, "seatkeeper_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(samplesOf(samples, "seatkeeper_nodejs_heap_size_used_bytes")).toHaveLength(1);
    expect(samples.filter((s) => !s.name.startsWith("seatkeeper_"))).toEqual([]);
    expect(registry.contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
  });
});
