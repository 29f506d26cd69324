import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { purgeAuditEvents } from "./purge-audit-events";

/**
 * Purges audit events past the retention setting: at start-up and then daily. Every process runs
 * it; the purge's advisory lock makes one of them do the work and the others skip.
 */
const job = createPeriodicJob(
  "audit-retention",
  async () => {
    const outcome = await purgeAuditEvents();
    if (outcome.purged) console.log(`[audit-retention] purged ${outcome.purged} audit events`);
  },
  () => 86_400_000,
);

export const startAuditRetentionJob = job.start;
