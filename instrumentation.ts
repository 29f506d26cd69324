// Runs once when a Next.js server process starts: background work that belongs to the process,
// the metrics registry (so the HTTP server can time requests from the first one), and what must
// stop before the process exits (scripts/serve.ts runs the shutdown hooks after draining requests).
export async function register() {
  // Not lib/config: Next replaces this exact expression with a constant in each bundle, so the edge
  // bundle of this file drops the Node-only imports below (through config() it would carry them).
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The environment is complete now (Next has loaded it, scripts/start.ts set ours before).
  const { freezeConfig } = await import("./lib/config");
  freezeConfig();
  await import("./lib/metrics/registry");
  const { startMailWorker } = await import("./lib/mail/worker");
  const { startLicenseRequestWorker } = await import("./lib/license-requests/worker");
  const { startSyncCycle } = await import("./lib/licensing/sync-cycle");
  const { startSeatDaysJob } = await import("./lib/history/seat-days-job");
  const { startAuditRetentionJob } = await import("./lib/audit/audit-retention-job");
  const { startAuditChainJob } = await import("./lib/audit/audit-chain-job");
  const { startInactivityJob } = await import("./lib/licensing/inactivity-job");
  const { startBulkJobsWorker } = await import("./lib/people/bulk-jobs/bulk-jobs-worker");
  const { startLdapSyncJob } = await import("./lib/ldap/sync-job");
  const { startGroupAreasJob } = await import("./lib/directory-groups/group-areas-job");
  const { stopPeriodicJobs } = await import("./lib/jobs/periodic-job");
  const { closeDatabaseClient } = await import("./lib/db/client");
  const { onShutdown } = await import("./lib/server/shutdown");
  const { offerScimToServer } = await import("./lib/scim/serve-scim-over-node");
  startMailWorker();
  startLicenseRequestWorker();
  startSyncCycle();
  startSeatDaysJob();
  startAuditRetentionJob();
  startAuditChainJob();
  startInactivityJob();
  startBulkJobsWorker();
  startLdapSyncJob();
  startGroupAreasJob();
  // The console's own server (scripts/commands/serve.ts) answers /scim/v2 with this bundle's handler.
  offerScimToServer();
  // Hooks run newest first: the jobs stop (runs in progress finish) before the pools close.
  onShutdown("database pools", closeDatabaseClient);
  onShutdown("periodic jobs", stopPeriodicJobs);
}
