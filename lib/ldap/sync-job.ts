import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { runLdapSync } from "./run-sync";

/**
 * The scheduled LDAP sync. It ticks every minute in every process; a run happens when the
 * schedule set in the LDAP settings (hourly by default) says one is due, once across processes.
 */
const job = createPeriodicJob(
  "ldap-sync",
  async () => {
    const outcome = await runLdapSync({ trigger: "schedule", onlyWhenDue: true });
    if (!outcome || (!outcome.ok && outcome.busy)) return;
    // A directory that is down is the directory's problem, not this process's: the run's record and
    // the LDAP page show it; the job itself stays healthy for the readiness check.
    if (!outcome.ok) console.error(`[ldap-sync] ${outcome.error}`);
    else console.log(`[ldap-sync] ${outcome.summary}`);
  },
  () => 60_000,
);

export const startLdapSyncJob = job.start;
