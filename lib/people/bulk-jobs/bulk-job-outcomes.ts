import "server-only";
import { db as defaultDb, type Db } from "../../db/client";
import { spreadsheetCsv } from "../../format/csv";
import { utcDate } from "../../format/utc";
import type { BulkItemOutcome, BulkJobState } from "../../generated/prisma/enums";

const CHUNK = 5000;
const OUTCOME_WORD: Record<BulkItemOutcome, string> = { DONE: "Done", UNCHANGED: "Unchanged", REFUSED: "Refused" };

/** Why an item has no outcome: the job's state says. */
const NOT_PROCESSED: Record<BulkJobState, string> = {
  RUNNING: "Not processed yet: the job is still running.",
  DONE: "Not processed.",
  CANCELLED: "Not processed: the job was cancelled.",
  FAILED: "Not processed: the job stopped.",
};

/**
 * The per-account outcome file of a job, one line per account in processing order, streamed in
 * keyset chunks (flat memory whatever the job's size). Null for an unknown job.
 */
export async function bulkJobOutcomesCsv(jobId: string, client: Db = defaultDb()): Promise<AsyncGenerator<string> | null> {
  const job = await client.bulkJob.findUnique({ where: { id: jobId }, select: { state: true } });
  if (!job) return null;
  return (async function* () {
    yield spreadsheetCsv([["User name", "Outcome", "Message", "Processed at (UTC)"]]);
    let after = 0;
    for (;;) {
      const items = await client.bulkJobItem.findMany({ where: { jobId, seq: { gt: after } }, orderBy: { seq: "asc" }, take: CHUNK });
      if (items.length === 0) return;
      yield spreadsheetCsv(
        items.map((i) => [
          i.username,
          i.outcome ? OUTCOME_WORD[i.outcome] : "Not processed",
          i.message ?? NOT_PROCESSED[job.state],
          i.processedAt?.toISOString() ?? "",
        ]),
        { byteOrderMark: false },
      );
      after = items[items.length - 1].seq;
      if (items.length < CHUNK) return;
    }
  })();
}

export function bulkJobOutcomesFileName(job: { action: string; createdAt: string }): string {
  return `bulk-${job.action.toLowerCase()}-${utcDate(new Date(job.createdAt))}.csv`;
}
