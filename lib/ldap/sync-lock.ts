import "server-only";
import type { Db } from "../db/client";

/** pg advisory lock key of a sync run ("ldapsync" in ASCII): held by the process running it, one run at a time across processes. */
export const SYNC_LOCK = 0x6c64617073796e63n;
/** Taken while a run is created ("ldapstar"): two "Sync now" clicks in two processes make one run. */
export const START_LOCK = 0x6c64617073746172n;

/** The running process writes the run's heartbeat this often. */
export const HEARTBEAT_MS = 5_000;
/** A run whose heartbeat is older than this, with the sync's lock free, was interrupted. */
export const STALE_AFTER_MS = 30_000;

/**
 * Whether some session holds the sync's lock, read from pg_locks (a try-lock would take it for a
 * moment and could turn a worker away). A bigint advisory key shows as its two 32-bit halves.
 */
export async function syncLockHeld(client: Pick<Db, "$queryRaw">): Promise<boolean> {
  const high = SYNC_LOCK >> 32n;
  const low = SYNC_LOCK & 0xffffffffn;
  const [{ held }] = await client.$queryRaw<{ held: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 1
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid = ${high}::bigint::oid AND objid = ${low}::bigint::oid
    ) AS held`;
  return held;
}
