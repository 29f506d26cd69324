// Runs once when a Next.js server process starts: background work that belongs to the process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startMailWorker } = await import("./lib/mail/worker");
  const { startLicenseRequestWorker } = await import("./lib/license-requests/worker");
  const { startSyncCycle } = await import("./lib/licensing/sync-cycle");
  startMailWorker();
  startLicenseRequestWorker();
  startSyncCycle();
}
