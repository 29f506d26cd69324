import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { warnOfPoolsFillingSoon } from "./forecast-warnings";
import { updateSeatDays } from "./keep-seat-days";

/**
 * Keeps the daily seat summaries (each hour, and at start-up, which also rebuilds them from the
 * history when missing: a first start, a restore), then gives the early warning of pools forecast
 * to fill. Pages read today live, so an hour's delay is never seen.
 */
const job = createPeriodicJob(
  "seat-days",
  async () => {
    await updateSeatDays();
    const { warned } = await warnOfPoolsFillingSoon();
    if (warned.length) console.log(`[seat-days] warned People administrators: ${warned.join(", ")} forecast to fill soon`);
  },
  () => 3_600_000,
);

export const startSeatDaysJob = job.start;
