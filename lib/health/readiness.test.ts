import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { findFreePort } from "../db/embedded-postgres";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { createPeriodicJob, periodicJobStatus, type PeriodicJobStatus } from "../jobs/periodic-job";
import { checkJob, checkReadiness, OVERDUE_MARGIN_MS, PROCESS_JOBS, STUCK_RUN_MS } from "./readiness";

const now = new Date("2026-12-01T12:00:00Z");
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

function status(name: string, overrides: Partial<PeriodicJobStatus> = {}): PeriodicJobStatus {
  return {
    name,
    started: true,
    intervalMs: 15_000,
    running: false,
    lastStartedAt: secondsAgo(5),
    lastFinishedAt: secondsAgo(4),
    lastDurationMs: 1000,
    lastSucceededAt: secondsAgo(4),
    lastError: null,
    lastFailedAt: null,
    runs: 3,
    failures: 0,
    ...overrides,
  };
}
/** Every job of PROCESS_JOBS started and fresh. */
const healthyJobs = () => PROCESS_JOBS.map((job) => status(job.name));

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("checkReadiness", () => {
  it("is ready on a migrated database with every job alive", async () => {
    const readiness = await checkReadiness(t.db, { now, jobs: healthyJobs() });
    expect(readiness.checks.database).toMatchObject({ ok: true });
    expect(readiness.checks.migrations.reason).toMatch(/^all \d+ applied$/);
    expect(readiness).toMatchObject({ ready: true });
  });

  it("is not ready, naming the migration, when one is missing from _prisma_migrations", async () => {
    const other = await createTestDatabase();
    try {
      const [last] = await other.db.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
      await other.db.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = ${last.migration_name}`;
      const readiness = await checkReadiness(other.db, { now, jobs: healthyJobs() });
      expect(readiness.ready).toBe(false);
      expect(readiness.checks.database.ok).toBe(true);
      expect(readiness.checks.migrations).toEqual({ ok: false, reason: expect.stringContaining(`not applied: ${last.migration_name}`) });
    } finally {
      await other.close();
    }
  });

  it("is not ready when a migration is recorded but unfinished (failed half-way)", async () => {
    const other = await createTestDatabase();
    try {
      await other.db.$executeRaw`UPDATE _prisma_migrations SET finished_at = NULL
        WHERE migration_name = (SELECT min(migration_name) FROM _prisma_migrations)`;
      const readiness = await checkReadiness(other.db, { now, jobs: healthyJobs() });
      expect(readiness.checks.migrations).toMatchObject({ ok: false, reason: expect.stringMatching(/^1 of \d+ migrations not applied/) });
    } finally {
      await other.close();
    }
  });

  it("is not ready when the database is unreachable, without naming host, user or password", async () => {
    const port = await findFreePort(); // closed again: nothing listens there
    const url = `postgresql://secret_user:secret_password@127.0.0.1:${port}/secret_db`;
    const unreachable: Db = createPrismaClient(url, { poolSize: 1 });
    try {
      const readiness = await checkReadiness(unreachable, { now, jobs: healthyJobs() });
      expect(readiness.ready).toBe(false);
      expect(readiness.checks.database.ok).toBe(false);
      expect(readiness.checks.database.reason).toBe("SELECT 1 failed (DatabaseNotReachable)");
      expect(readiness.checks.migrations).toEqual({ ok: false, reason: "not checked: the database is not reachable" });
      const text = JSON.stringify(readiness);
      for (const secret of ["secret_user", "secret_password", "secret_db", String(port), "127.0.0.1", "postgresql://"]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("is not ready when the database does not answer in time", async () => {
    const hanging = { $queryRaw: () => new Promise(() => undefined) } as unknown as Db;
    const readiness = await checkReadiness(hanging, { now, jobs: healthyJobs(), timeoutMs: 50 });
    expect(readiness.checks.database).toEqual({ ok: false, reason: "SELECT 1 no answer within 50 ms" });
    expect(readiness.ready).toBe(false);
  });

  it("is not ready when a job this process should run was not started", async () => {
    const jobs = healthyJobs().filter((j) => j.name !== "sync-cycle");
    const readiness = await checkReadiness(t.db, { now, jobs });
    expect(readiness.ready).toBe(false);
    expect(readiness.checks["job:sync-cycle"]).toEqual({ ok: false, reason: "not started in this process" });
  });
});

describe("checkJob", () => {
  const job = { name: "sync-cycle", enabled: () => true };

  it("treats a job that is not configured to run as not enabled, not as a failure", () => {
    const mail = PROCESS_JOBS.find((j) => j.name === "mail")!;
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect(checkJob(mail, undefined, now)).toEqual({ ok: true, reason: "not enabled (SMTP_URL is not set)" });
      process.env.SMTP_URL = "smtp://mail.example.test:25";
      expect(checkJob(mail, undefined, now)).toEqual({ ok: false, reason: "not started in this process" });
    } finally {
      if (saved === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved;
    }
  });

  it("accepts a recent run, and says when it failed without its text", () => {
    expect(checkJob(job, status("sync-cycle"), now)).toEqual({ ok: true, reason: "last run 4 s ago" });
    const failed = status("sync-cycle", { lastFailedAt: secondsAgo(4), lastError: "connect ECONNREFUSED db.internal:5432" });
    expect(checkJob(job, failed, now)).toEqual({ ok: true, reason: "last run 4 s ago, failed (see the server log)" });
  });

  it("is overdue after 3 periods and the margin without a run", () => {
    const limit = (3 * 15_000 + OVERDUE_MARGIN_MS) / 1000;
    expect(checkJob(job, status("sync-cycle", { lastStartedAt: secondsAgo(limit), lastFinishedAt: secondsAgo(limit) }), now).ok).toBe(true);
    const late = status("sync-cycle", { lastStartedAt: secondsAgo(limit + 2), lastFinishedAt: secondsAgo(limit + 1) });
    expect(checkJob(job, late, now)).toEqual({ ok: false, reason: `overdue: last run ${limit + 1} s ago, expected every 15 s` });
  });

  it("lets a long run go on, and calls it stuck after a while", () => {
    const long = status("sync-cycle", { running: true, lastStartedAt: secondsAgo(300) });
    expect(checkJob(job, long, now)).toEqual({ ok: true, reason: "running (started 300 s ago)" });
    const stuck = status("sync-cycle", { running: true, lastStartedAt: secondsAgo(STUCK_RUN_MS / 1000 + 1) });
    expect(checkJob(job, stuck, now).ok).toBe(false);
  });
});

describe("createPeriodicJob's status", () => {
  it("records start, runs, duration and the last error, and keeps coalescing kicks", async () => {
    let calls = 0;
    let fail = false;
    let release: () => void = () => undefined;
    const job = createPeriodicJob(
      "test-status",
      () => {
        calls++;
        return new Promise<void>((resolve, reject) => {
          release = () => (fail ? reject(new Error("boom")) : resolve());
        });
      },
      () => 60_000,
    );
    expect(periodicJobStatus("test-status")).toMatchObject({ started: false, runs: 0, running: false });

    job.start(); // runs at once
    expect(job.status()).toMatchObject({ started: true, intervalMs: 60_000, running: true, runs: 0 });
    job.kick(); // a run is in progress: skipped
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    release();
    await new Promise((r) => setTimeout(r, 0));
    const first = job.status();
    expect(first).toMatchObject({ running: false, runs: 1, failures: 0, lastError: null });
    expect(first.lastDurationMs).toBeGreaterThanOrEqual(15);
    expect(first.lastSucceededAt).toBeInstanceOf(Date);

    fail = true;
    job.kick();
    release();
    const stopped = job.stop(); // waits for the run in progress
    await stopped;
    expect(job.status()).toMatchObject({ started: false, runs: 2, failures: 1, lastError: "boom" });
    expect(job.status().lastFailedAt).toBeInstanceOf(Date);
  });
});
