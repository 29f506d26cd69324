import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { runInactivityPolicies } from "./run-inactivity-policy";

/**
 * The daily run of the inactivity policies. It ticks hourly in every process; the run itself
 * happens once per UTC day across all of them (advisory lock and a row per day).
 */
const job = createPeriodicJob(
  "inactivity",
  async () => {
    const report = await runInactivityPolicies();
    if (report) console.log(`[inactivity] ${report.day}: warned ${report.warned}, blocked ${report.blocked}`);
  },
  () => 3_600_000,
);

export const startInactivityJob = job.start;
