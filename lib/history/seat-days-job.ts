import { createPeriodicJob } from "../jobs/periodic-job";
import { warnOfPoolsFillingSoon } from "./forecast-warnings";
import { updateSeatDays } from "./keep-seat-days";

/**
 * Keeps the daily seat summaries: each hour, and at start-up (which also rebuilds them from the
 * history when missing, after a first start or a restore). Pages read today live, so an hour's
 * delay is never seen.
 */
const job = createPeriodicJob(
  "seat-days",
  () => updateSeatDays(),
  () => 3_600_000,
);

export const startSeatDaysJob = job.start;
