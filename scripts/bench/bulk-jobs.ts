import { readBulkJob } from "../../lib/people/bulk-jobs/read-bulk-jobs";
import { processBulkJobs } from "../../lib/people/bulk-jobs/process-bulk-jobs";
import { startBulkJob } from "../../lib/people/bulk-jobs/start-bulk-job";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import type { Apps, BenchContext } from "./context";
import { log, row, type SectionResult } from "./measure";

const JOB_SIZE = 10_000;

/**
 * A bulk job blocking every account of a filter matching 10,000 active accounts ("never signed
 * in"), worked on by the two app processes' workers and this process at once, as a site with
 * several processes would. Checks every account was processed once and the counters are exact.
 */
export async function measureBulkJob({ db, raw, accounts }: BenchContext, apps: Apps): Promise<SectionResult> {
  const failures: string[] = [];
  const size = Math.min(JOB_SIZE, Math.floor(accounts / 2));
  // Everyone active recently, then `size` active accounts never signed in: the job's filter.
  await raw.query(`UPDATE "Account" SET "lastActiveAt" = now() - interval '1 day', "createdAt" = now() - interval '600 days'`);
  await raw.query(
    `UPDATE "Account" SET "lastActiveAt" = NULL WHERE id IN (SELECT id FROM "Account" WHERE state = 'ACTIVE' AND NOT "isPeopleAdmin" ORDER BY id LIMIT $1)`,
    [size],
  );
  await raw.query(`ANALYZE "Account"`);
  const admin = await db.account.findUniqueOrThrow({ where: { username: apps.admin.username } });
  const poolsBefore = await db.seatPool.findMany({ orderBy: { pool: "asc" } });

  const start = performance.now();
  const job = await startBulkJob(
    { actor: { id: admin.id, label: admin.username }, action: "BLOCK", view: { inactive: "never", state: "active" } },
    db,
  );
  const startedMs = performance.now() - start;
  // The app processes' workers pick it up within their 5-second tick; this process works too.
  await processBulkJobs({}, db);
  let progress = await readBulkJob(job.id, db);
  while (progress?.state === "RUNNING") {
    await new Promise((r) => setTimeout(r, 100));
    progress = await readBulkJob(job.id, db);
  }
  const totalMs = performance.now() - start;

  if (job.total !== size) failures.push(`the bulk job matched ${job.total} accounts, expected ${size}`);
  if (progress?.state !== "DONE" || progress.done !== size)
    failures.push(`the bulk job ended ${progress?.state} with ${progress?.done} of ${size} blocked`);
  const events = await raw.query<{ n: string; accounts: string }>(
    `SELECT count(*) AS n, count(DISTINCT "accountId") AS accounts FROM "AuditEvent" WHERE action = 'account.block' AND detail = 'Bulk job.'`,
  );
  if (Number(events.rows[0].n) !== size || Number(events.rows[0].accounts) !== size) {
    failures.push(`the bulk job wrote ${events.rows[0].n} block events for ${events.rows[0].accounts} accounts, expected ${size} each`);
  }
  for (const pool of await seatCountersAgainstRealCounts(db)) {
    if (pool.counter !== pool.real) failures.push(`after the bulk job, ${pool.pool}'s counter is ${pool.counter}, real ${pool.real}`);
  }
  const poolsAfter = await db.seatPool.findMany({ orderBy: { pool: "asc" } });
  const freed = poolsBefore.reduce((n, p, i) => n + p.activeCount - poolsAfter[i].activeCount, 0);
  if (freed !== size) failures.push(`the bulk job freed ${freed} seats, expected ${size}`);

  const perSecond = (size / (totalMs / 1000)).toFixed(0);
  log(
    `bulk job: ${size} blocked in ${(totalMs / 1000).toFixed(1)} s (${perSecond}/s; list of accounts written in ${startedMs.toFixed(0)} ms)`,
  );
  return {
    rows: [
      row(
        `Bulk job: block all ${size.toLocaleString("en")} matching (2 app processes + the bench)`,
        { median: totalMs, p95: totalMs },
        null,
        "< 60 s, counters exact",
        totalMs < 60_000 && failures.length === 0,
      ),
    ],
    notes: [
      `The bulk job blocked ${size.toLocaleString("en")} accounts in ${(totalMs / 1000).toFixed(1)} s (${perSecond} accounts/s; writing its list of accounts took ${startedMs.toFixed(0)} ms), 200 to a transaction, shared by three processes; every account was blocked once and the counters are exact.`,
    ],
    failures,
  };
}
