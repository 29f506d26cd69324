import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { workOnLdapSync } from "./run-sync";

/**
 * The ldap-sync worker. Every few seconds in every process, and at once when "Sync now" queues a
 * run in this process, it runs a queued run, or a scheduled one when the schedule set in the LDAP
 * settings (hourly by default) says one is due: one run at a time across processes.
 */
const job = createPeriodicJob(
  "ldap-sync",
  async () => {
    const outcome = await workOnLdapSync();
    if (!outcome) return;
    // A directory that is down is the directory's problem, not this process's: the run's record and
    // the LDAP page show it; the job itself stays healthy for the readiness check.
    if (!outcome.ok) console.error(`[ldap-sync] ${outcome.error}`);
    else console.log(`[ldap-sync] ${outcome.summary}`);
  },
  () => 5_000,
);

export const startLdapSyncJob = job.start;
export const kickLdapSync = job.kick;
