import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { stopPeriodicJobs } from "../jobs/periodic-job";

// The route handlers as Next calls them, on this process's default client (DATABASE_URL) and jobs.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // before anything calls db()
  delete process.env.SMTP_URL; // the mail job is then "not enabled"
});
afterAll(async () => {
  await stopPeriodicJobs();
  const { db } = await import("../db/client");
  await db().$disconnect();
  await t.close();
});

it("GET /api/health/live answers 200 {status: ok}, not cached", async () => {
  const { GET, dynamic } = await import("../../app/api/health/live/route");
  const response = GET();
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ok" });
  expect(dynamic).toBe("force-dynamic");
});

it("GET /api/health/ready answers 503 until the periodic jobs run, then 200", async () => {
  const { GET, dynamic } = await import("../../app/api/health/ready/route");
  expect(dynamic).toBe("force-dynamic");

  const before = await GET();
  expect(before.status).toBe(503);
  expect(before.headers.get("cache-control")).toBe("no-store");
  const body = await before.json();
  expect(body.status).toBe("not ready");
  expect(body.checks).toMatchObject({
    database: { ok: true },
    migrations: { ok: true },
    "job:mail": { ok: true, reason: "not enabled (SMTP_URL is not set)" },
    "job:license-request": { ok: false, reason: "not started in this process" },
    "job:sync-cycle": { ok: false, reason: "not started in this process" },
    "job:seat-days": { ok: false, reason: "not started in this process" },
    "job:audit-retention": { ok: false, reason: "not started in this process" },
    "job:audit-chain": { ok: false, reason: "not started in this process" },
    "job:inactivity": { ok: false, reason: "not started in this process" },
    "job:bulk-jobs": { ok: false, reason: "not started in this process" },
    "job:ldap-sync": { ok: false, reason: "not started in this process" },
    "job:group-areas": { ok: false, reason: "not started in this process" },
  });

  // What instrumentation.ts does when a server process starts.
  const { startLicenseRequestWorker } = await import("../license-requests/worker");
  const { startSyncCycle } = await import("../licensing/sync-cycle");
  const { startSeatDaysJob } = await import("../history/seat-days-job");
  const { startAuditRetentionJob } = await import("../audit/audit-retention-job");
  const { startAuditChainJob } = await import("../audit/audit-chain-job");
  const { startInactivityJob } = await import("../licensing/inactivity-job");
  const { startBulkJobsWorker } = await import("../people/bulk-jobs/bulk-jobs-worker");
  const { startLdapSyncJob } = await import("../ldap/sync-job");
  const { startGroupAreasJob } = await import("../directory-groups/group-areas-job");
  startLicenseRequestWorker();
  startSyncCycle();
  startSeatDaysJob();
  startAuditRetentionJob();
  startAuditChainJob();
  startInactivityJob();
  startBulkJobsWorker();
  startLdapSyncJob();
  startGroupAreasJob();

  const after = await GET();
  const ready = await after.json();
  expect(after.status, JSON.stringify(ready)).toBe(200);
  expect(ready.status).toBe("ready");
  expect(Object.keys(ready.checks)).toEqual([
    "database",
    "migrations",
    "job:mail",
    "job:license-request",
    "job:sync-cycle",
    "job:seat-days",
    "job:audit-retention",
    "job:audit-chain",
    "job:inactivity",
    "job:bulk-jobs",
    "job:ldap-sync",
    "job:group-areas",
  ]);
  expect(JSON.stringify(ready)).not.toContain(t.name);
});
