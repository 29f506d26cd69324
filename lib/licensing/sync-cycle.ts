import "server-only";
import { config } from "../config";
import { createPeriodicJob } from "../jobs/periodic-job";
import { activateWaitingAccounts } from "./directory-sync";

/** The scheduled sync cycle (every SYNC_CYCLE_SECONDS, 5 minutes by default): activates waiting accounts. */
const job = createPeriodicJob(
  "sync-cycle",
  async () => {
    const activated = await activateWaitingAccounts({ actor: { id: null, label: "scheduled sync cycle" } });
    if (activated.length)
      console.log(`[sync-cycle] activated ${activated.length} waiting account(s): ${activated.map((a) => a.username).join(", ")}`);
  },
  () => config().SYNC_CYCLE_SECONDS * 1000,
);

export const startSyncCycle = job.start;
