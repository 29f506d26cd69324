import "server-only";
import { createPeriodicJob } from "../../jobs/periodic-job";
import { kickMailDelivery } from "../../mail/worker";
import { processBulkJobs } from "./process-bulk-jobs";

/**
 * Every app process works on the running bulk jobs: every few seconds, and at once when a job
 * starts in this process. Processes share the work batch by batch (see processBulkJobs).
 */
const job = createPeriodicJob(
  "bulk-jobs",
  async () => {
    const batches = await processBulkJobs();
    if (batches > 0) kickMailDelivery(); // freed or filled pools may have queued notifications
  },
  () => 5_000,
);

export const startBulkJobsWorker = job.start;
export const kickBulkJobs = job.kick;
