import "server-only";
import { db as defaultDb, type Db, type Tx } from "../../db/client";
import { refreshAccountStatistics } from "../../db/refresh-account-statistics";
import type { BulkJobAction } from "../../generated/prisma/enums";
import { blockAccountsInBatch, deleteAccountsInBatch, unblockAccountsInBatch, type Actor, type BatchOutcomes } from "../../licensing";

/** Accounts per transaction: big enough that the per-batch writes are cheap, small enough to hold locks briefly. */
export const BULK_BATCH_SIZE = 200;

const RUN_BATCH: Record<BulkJobAction, (tx: Tx, options: { actor: Actor; accountIds: string[] }) => Promise<BatchOutcomes>> = {
  BLOCK: blockAccountsInBatch,
  UNBLOCK: unblockAccountsInBatch,
  DELETE: deleteAccountsInBatch,
};

/** The job can no longer run: its starter lost the right to run it. */
class JobStopped extends Error {}

type BatchResult = "processed" | "nothing left" | "not running";

/**
 * Works through every running bulk job until none has work left. Safe in any number of processes
 * at once: each batch claims its items with FOR UPDATE SKIP LOCKED and writes their outcomes in
 * the transaction that changes the accounts, so no account is processed twice, and a crash
 * half-way leaves the batch's items to be claimed again. Returns how many batches it processed.
 */
export async function processBulkJobs(
  options: { batchSize?: number; maxBatches?: number } = {},
  client: Db = defaultDb(),
): Promise<number> {
  const batchSize = options.batchSize ?? BULK_BATCH_SIZE;
  const maxBatches = options.maxBatches ?? Infinity;
  let batches = 0;
  for (;;) {
    const running = await client.bulkJob.findMany({ where: { state: "RUNNING" }, orderBy: { createdAt: "asc" }, select: { id: true } });
    if (running.length === 0) return batches;
    let progressed = false;
    for (const { id } of running) {
      if (batches >= maxBatches) return batches;
      const result = await processBatch(client, id, batchSize);
      if (result === "processed") {
        batches++;
        progressed = true;
      } else if (result === "nothing left") {
        const finished = await finishIfComplete(client, id);
        // Thousands of accounts blocked or deleted: the planner's figures for the list are stale.
        if (finished) await refreshAccountStatistics(finished.total, client);
      }
    }
    // Everything left is being processed by another process: it will finish those jobs.
    if (!progressed) return batches;
  }
}

async function processBatch(client: Db, jobId: string, batchSize: number): Promise<BatchResult> {
  try {
    return await client.$transaction(
      async (tx) => {
        // FOR SHARE: a cancel waits for the batches in progress, and no batch starts after it.
        const [job] = await tx.$queryRaw<{ state: string; action: BulkJobAction; startedById: string | null }[]>`
          SELECT state, action, "startedById" FROM "BulkJob" WHERE id = ${jobId}::uuid FOR SHARE`;
        if (!job || job.state !== "RUNNING") return "not running";
        const items = await tx.$queryRaw<{ seq: number; accountId: string }[]>`
          SELECT seq, "accountId" FROM "BulkJobItem"
          WHERE "jobId" = ${jobId}::uuid AND outcome IS NULL
          ORDER BY seq LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
        if (items.length === 0) return "nothing left";
        const actor = await starterActor(tx, job.startedById);
        const outcomes = await RUN_BATCH[job.action](tx, { actor, accountIds: items.map((i) => i.accountId) });
        const rows = items.map((item) => ({ seq: item.seq, ...outcomes.get(item.accountId)! }));
        await tx.$executeRaw`
          UPDATE "BulkJobItem" i
          SET outcome = v.outcome::"BulkItemOutcome", message = v.message, "processedAt" = now() AT TIME ZONE 'UTC'
          FROM unnest(${rows.map((r) => r.seq)}::int[], ${rows.map((r) => r.outcome)}::text[], ${rows.map((r) => r.message)}::text[])
            AS v(seq, outcome, message)
          WHERE i."jobId" = ${jobId}::uuid AND i.seq = v.seq`;
        return "processed";
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (!(error instanceof JobStopped)) throw error;
    await client.bulkJob.updateMany({
      where: { id: jobId, state: "RUNNING" },
      data: { state: "FAILED", finishedAt: new Date(), stopReason: error.message },
    });
    return "not running";
  }
}

/**
 * The job runs with its starter's rights as they are now, checked before each batch: a starter
 * blocked, deleted or no longer a People administrator stops the job there.
 */
async function starterActor(tx: Tx, starterId: string | null): Promise<Actor & { id: string }> {
  const starter = starterId
    ? await tx.account.findUnique({
        where: { id: starterId },
        select: { id: true, username: true, state: true, isSysadmin: true, isPeopleAdmin: true },
      })
    : null;
  if (!starter || starter.state !== "ACTIVE" || !starter.isPeopleAdmin) {
    const who = starter ? starter.username : "the administrator who started it";
    throw new JobStopped(`Stopped: ${who} is no longer an active People administrator. The accounts not processed are listed as such.`);
  }
  return { id: starter.id, label: starter.username, roles: { sysadmin: starter.isSysadmin, peopleAdmin: starter.isPeopleAdmin } };
}

/**
 * Marks a job done once no item is left, including items other processes were still working on.
 * Answers the job when this call finished it.
 */
async function finishIfComplete(client: Db, jobId: string): Promise<{ total: number } | null> {
  const [finished] = await client.$queryRaw<{ total: number }[]>`
    UPDATE "BulkJob" j SET state = 'DONE', "finishedAt" = now() AT TIME ZONE 'UTC'
    WHERE id = ${jobId}::uuid AND state = 'RUNNING'
      AND NOT EXISTS (SELECT 1 FROM "BulkJobItem" WHERE "jobId" = j.id AND outcome IS NULL)
    RETURNING total`;
  return finished ?? null;
}
