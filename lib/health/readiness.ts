import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { config } from "../config";
import { db as defaultDb, type Db } from "../db/client";
import { periodicJobStatuses, type PeriodicJobStatus } from "../jobs/periodic-job";
import { failureCode, TimeoutError, withTimeout } from "./timeout";

// What /api/health/ready answers. Its output is public (no sign-in): reasons are short and name
// no host, user or URL, and a failure is described by its code only, never its message.

export type Check = { ok: boolean; reason: string };
export type Readiness = { ready: boolean; checks: Record<string, Check> };

export type ReadinessOptions = {
  now?: Date;
  /** Per database query (default 2 s): a probe must answer even when the database hangs. */
  timeoutMs?: number;
  migrationsDir?: string;
  /** This process's periodic jobs by default. */
  jobs?: PeriodicJobStatus[];
};

/**
 * The periodic jobs instrumentation.ts starts in every server process, with the condition under
 * which each one is started (mirrors lib/mail/worker.ts: no SMTP_URL, no mail job).
 */
export const PROCESS_JOBS: { name: string; enabled: () => boolean; disabledReason?: string }[] = [
  { name: "mail", enabled: () => Boolean(config().SMTP_URL), disabledReason: "not enabled (SMTP_URL is not set)" },
  { name: "license-request", enabled: () => true },
  { name: "sync-cycle", enabled: () => true },
  { name: "seat-days", enabled: () => true },
  { name: "audit-retention", enabled: () => true },
  { name: "audit-chain", enabled: () => true },
  { name: "inactivity", enabled: () => true },
  { name: "bulk-jobs", enabled: () => true },
  { name: "ldap-sync", enabled: () => true },
  { name: "group-areas", enabled: () => true },
];

/** A job is overdue when nothing ran for 3 periods and this margin (a slow run, a busy event loop). */
export const OVERDUE_MARGIN_MS = 60_000;
/** A single run may legitimately be long (a large outbox): it counts as stuck only after this. */
export const STUCK_RUN_MS = 15 * 60_000;

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof TimeoutError) return `no answer within ${formatMs(timeoutMs)}`;
  const code = failureCode(error);
  return code ? `failed (${code})` : "failed";
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}

// The migration folders are what this build ships with: read once per process. Listed the way
// loadMigrationsList (lib/db/migrations.ts) does, without importing it: that module brings the
// WASM schema engine into the route's bundle, creates the folder when missing and reads every SQL file.
const folderCache = new Map<string, Promise<string[]>>();
function migrationFolders(dir: string): Promise<string[]> {
  let folders = folderCache.get(dir);
  if (!folders) {
    folders = readdir(dir, { withFileTypes: true }).then((entries) =>
      entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
    );
    folders.catch(() => folderCache.delete(dir));
    folderCache.set(dir, folders);
  }
  return folders;
}

async function checkDatabase(client: Db, timeoutMs: number): Promise<Check> {
  const started = performance.now();
  try {
    await withTimeout(client.$queryRaw`SELECT 1`, timeoutMs);
    return { ok: true, reason: `answered in ${formatMs(performance.now() - started)}` };
  } catch (error) {
    return { ok: false, reason: `SELECT 1 ${describeFailure(error, timeoutMs)}` };
  }
}

function listNames(names: string[]): string {
  return names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

async function checkMigrations(client: Db, migrationsDir: string, timeoutMs: number): Promise<Check> {
  let folders: string[];
  try {
    folders = await migrationFolders(migrationsDir);
  } catch {
    return { ok: false, reason: "cannot read this build's prisma/migrations folder" };
  }
  try {
    const [table] = await withTimeout(
      client.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
      timeoutMs,
    );
    if (!table?.present)
      return { ok: false, reason: `no migration applied (the database has no _prisma_migrations table): run npm run db:migrate` };
    const rows = await withTimeout(
      client.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      timeoutMs,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const missing = folders.filter((name) => !applied.has(name));
    if (missing.length)
      return { ok: false, reason: `${missing.length} of ${folders.length} migrations not applied: ${listNames(missing)}` };
    const known = new Set(folders);
    const extra = [...applied].filter((name) => !known.has(name));
    // A database migrated by a newer build still works for this one as far as we can tell: say it, do not fail.
    return {
      ok: true,
      reason: `all ${folders.length} applied${extra.length ? ` (and ${extra.length} this build does not know: ${listNames(extra.sort())})` : ""}`,
    };
  } catch (error) {
    return { ok: false, reason: `reading _prisma_migrations ${describeFailure(error, timeoutMs)}` };
  }
}

export function checkJob(
  job: { name: string; enabled: () => boolean; disabledReason?: string },
  status: PeriodicJobStatus | undefined,
  now: Date,
): Check {
  if (!job.enabled()) return { ok: true, reason: job.disabledReason ?? "not enabled" };
  if (!status?.started || !status.intervalMs) return { ok: false, reason: "not started in this process" };
  const every = status.intervalMs;
  const overdueAfter = 3 * every + OVERDUE_MARGIN_MS;
  const ago = (date: Date) => formatMs(Math.max(0, now.getTime() - date.getTime()));
  if (status.running && status.lastStartedAt) {
    const runningFor = now.getTime() - status.lastStartedAt.getTime();
    if (runningFor > Math.max(overdueAfter, STUCK_RUN_MS))
      return { ok: false, reason: `stuck: its run started ${ago(status.lastStartedAt)} ago` };
    return { ok: true, reason: `running (started ${ago(status.lastStartedAt)} ago)` };
  }
  const last = status.lastFinishedAt ?? status.lastStartedAt;
  if (!last) return { ok: false, reason: "started but has not run" };
  if (now.getTime() - last.getTime() > overdueAfter) {
    return { ok: false, reason: `overdue: last run ${ago(last)} ago, expected every ${formatMs(every)}` };
  }
  // A failing run (mail server down, vendor endpoint unreachable) is retried: it does not make the
  // process unfit for traffic. The failure's text stays in the server log.
  const failed = status.lastFailedAt && (!status.lastSucceededAt || status.lastFailedAt >= status.lastSucceededAt);
  return { ok: true, reason: `last run ${ago(last)} ago${failed ? ", failed (see the server log)" : ""}` };
}

/**
 * Whether this process should receive traffic: the database answers, every migration of this
 * build is applied, and the periodic jobs it is meant to run are alive.
 */
export async function checkReadiness(client?: Db, options: ReadinessOptions = {}): Promise<Readiness> {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? 2_000;
  const migrationsDir = options.migrationsDir ?? path.join(process.cwd(), "prisma/migrations");
  const checks: Record<string, Check> = {};

  let database: Db | null = client ?? null;
  if (!database) {
    try {
      database = defaultDb();
    } catch {
      checks.database = { ok: false, reason: "DATABASE_URL is not set" };
    }
  }
  if (database) checks.database = await checkDatabase(database, timeoutMs);
  checks.migrations =
    database && checks.database.ok
      ? await checkMigrations(database, migrationsDir, timeoutMs)
      : { ok: false, reason: "not checked: the database is not reachable" };

  const statuses = options.jobs ?? periodicJobStatuses();
  for (const job of PROCESS_JOBS) {
    checks[`job:${job.name}`] = checkJob(
      job,
      statuses.find((s) => s.name === job.name),
      now,
    );
  }
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
