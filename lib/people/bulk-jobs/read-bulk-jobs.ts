import "server-only";
import { db as defaultDb, type Db } from "../../db/client";
import type { BulkItemOutcome } from "../../generated/prisma/enums";

export type BulkJobProgress = NonNullable<Awaited<ReturnType<typeof readBulkJob>>>;

/** One job with its progress, counted from its items (the workers write no counters: nothing to contend on). */
export async function readBulkJob(jobId: string, client: Db = defaultDb()) {
  const job = await client.bulkJob.findUnique({ where: { id: jobId } });
  if (!job) return null;
  const counts = await client.bulkJobItem.groupBy({ by: ["outcome"], where: { jobId }, _count: { _all: true } });
  const count = (outcome: BulkItemOutcome | null) => counts.find((c) => c.outcome === outcome)?._count._all ?? 0;
  const done = count("DONE");
  const unchanged = count("UNCHANGED");
  const refused = count("REFUSED");
  return {
    id: job.id,
    action: job.action,
    state: job.state,
    description: job.description,
    total: job.total,
    processed: done + unchanged + refused,
    done,
    unchanged,
    refused,
    startedByLabel: job.startedByLabel,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    stopReason: job.stopReason,
  };
}

/** The latest jobs, newest first, with their progress. */
export async function listBulkJobs(options: { take?: number } = {}, client: Db = defaultDb()) {
  const jobs = await client.bulkJob.findMany({ orderBy: { createdAt: "desc" }, take: options.take ?? 20, select: { id: true } });
  const read = await Promise.all(jobs.map((j) => readBulkJob(j.id, client)));
  return read.filter((j) => j !== null);
}
