import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { auditSyncRunEnd } from "./sync-actor";
import { STALE_AFTER_MS, syncLockHeld } from "./sync-lock";

export const INTERRUPTED_ERROR = "Interrupted: the process running it stopped.";

/**
 * Records as interrupted the runs whose process died: not finished, no heartbeat for
 * STALE_AFTER_MS, and nobody holds the sync's lock (a live run's process holds it the whole run).
 * They stop blocking a new run. Returns how many were settled.
 */
export async function settleInterruptedRuns(client: Db = defaultDb(), now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - STALE_AFTER_MS);
  const stale = await client.ldapSyncRun.findMany({
    where: { finishedAt: null, heartbeatAt: { lt: cutoff } },
    select: { id: true, trigger: true },
  });
  if (stale.length === 0 || (await syncLockHeld(client))) return 0;
  let settled = 0;
  for (const run of stale) {
    // Conditional: a worker that claims the run meanwhile writes a fresh heartbeat first.
    const { count } = await client.ldapSyncRun.updateMany({
      where: { id: run.id, finishedAt: null, heartbeatAt: { lt: cutoff } },
      data: { finishedAt: now, phase: "INTERRUPTED", error: INTERRUPTED_ERROR },
    });
    if (count === 0) continue;
    settled++;
    await auditSyncRunEnd(client, run, { refused: true, detail: INTERRUPTED_ERROR });
  }
  return settled;
}
