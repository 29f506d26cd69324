import "server-only";
import { db as defaultDb, type Db } from "../../db/client";
import { NotAllowedError, recordAuditEvent, type Actor } from "../../licensing";

/**
 * Cancels a running bulk job: the batch in progress (if any) finishes first, since its
 * transaction holds the job row in share mode; no batch starts after. The accounts already
 * processed stay as they are (a block can be undone by a job that unblocks).
 */
export async function cancelBulkJob(options: { actor: Actor; jobId: string }, client: Db = defaultDb()) {
  return client.$transaction(async (tx) => {
    const cancelled = await tx.bulkJob.updateManyAndReturn({
      where: { id: options.jobId, state: "RUNNING" },
      data: { state: "CANCELLED", finishedAt: new Date(), stopReason: `Cancelled by ${options.actor.label}.` },
    });
    if (cancelled.length === 0) {
      const job = await tx.bulkJob.findUnique({ where: { id: options.jobId }, select: { state: true } });
      throw new NotAllowedError(job ? `This job is not running any more (${job.state.toLowerCase()}).` : "There is no such bulk job.");
    }
    await recordAuditEvent(tx, { actor: options.actor, action: "bulk.cancel", detail: `Cancelled: ${cancelled[0].description}.` });
    return cancelled[0];
  });
}
