import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { recheckGroupAreas } from "./recheck-group-areas";

/**
 * The re-check of group-decided areas, every 5 minutes in every process (moves lock the accounts
 * and pools, so two processes running it at once move each account once), and right after a
 * sysadmin changes a mapping (kickGroupAreasJob).
 */
export const GROUP_AREAS_JOB = "group-areas";

const job = createPeriodicJob(
  GROUP_AREAS_JOB,
  async () => {
    const outcome = await recheckGroupAreas();
    if (outcome.moved || outcome.waiting || outcome.refused.length || outcome.activated) {
      console.log(
        `[${GROUP_AREAS_JOB}] checked ${outcome.checked}: moved ${outcome.moved}, waiting ${outcome.waiting}, ` +
          `refused ${outcome.refused.length}, activated ${outcome.activated}`,
      );
    }
  },
  () => 5 * 60_000,
);

export const startGroupAreasJob = job.start;
export const kickGroupAreasJob = job.kick;
