import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { Pool } from "../generated/prisma/enums";
import type { Actor } from "./actor";
import { activateLockedAccount } from "./activate-account";
import { activateForDirectory } from "./directory-activation";
import { noteTakenSeatLevel } from "./taken-seat";
import { blockAccount } from "./block-account";
import { SeatLimitError } from "./errors";
import { accountIdSchema } from "./schemas";
import { parseInput } from "./validate";

// Spec rule 4: the directory (SCIM, CSV sync import) says whether an account should be active.
// When the pool is full the account waits, blocked for lack of a seat; later sync runs activate
// waiting accounts oldest first. An account an administrator blocked by hand stays blocked.

/**
 * Whether the directory's wish can change an account in this state (a waiting account's
 * activation is tried: a seat may be free). Callers that hold a fresh read of the account skip
 * applyDirectoryActiveState's statement and row lock when this says no; it decides the same
 * under the lock (directory-activation.ts, blockAccount).
 */
export function directoryActiveStateMayChange(account: { state: string; blockedReason: string | null }, active: boolean): boolean {
  if (active) return account.state === "BLOCKED" && account.blockedReason !== "ADMIN" && account.blockedReason !== "INACTIVE";
  // blockAccount keeps a directory or an administrator's block as it is.
  return account.state === "ACTIVE" || (account.blockedReason !== "DIRECTORY" && account.blockedReason !== "ADMIN");
}

/**
 * Applies the directory's wish for one account. `active: true` takes a seat if one is free
 * (else the account waits), unless an administrator blocked it; `active: false` blocks it with
 * the reason "directory" and frees its seat.
 */
export async function applyDirectoryActiveState(options: { actor: Actor; accountId: string; active: boolean }, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  if (!options.active) return blockAccount({ actor: options.actor, accountId, reason: "DIRECTORY" }, client);
  const { account, changed, takenSeat } = await activateForDirectory(client, { actor: options.actor, accountId });
  await noteTakenSeatLevel(client, takenSeat);
  return { account, changed };
}

/** One activation: the oldest waiting account of the pool, under the pool's lock. */
async function activateOldestWaiting(tx: Tx, pool: Pool, actor: Actor) {
  // Pool row first, so activations of one pool happen strictly in arrival order, even from
  // several processes. SKIP LOCKED: an account an administrator is changing right now is not
  // waited for (nor deadlocked on); it is looked at again on the next run.
  await tx.$queryRaw`SELECT pool FROM "SeatPool" WHERE pool = ${pool}::"Pool" FOR UPDATE`;
  const [next] = await tx.$queryRaw<{ id: string }[]>`
    SELECT a.id FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
    WHERE a.state = 'BLOCKED' AND a."blockedReason" = 'NO_SEAT' AND ar.pool = ${pool}::"Pool"
    ORDER BY a."waitingSince", a."createdAt", a.id
    LIMIT 1 FOR UPDATE OF a SKIP LOCKED`;
  if (!next) return null;
  const before = await tx.account.findUniqueOrThrow({ where: { id: next.id }, include: { area: true } });
  return activateLockedAccount(tx, {
    before,
    actor,
    action: "account.activate_waiting",
    detail: "A seat was free: activated by the sync run, oldest waiting first.",
  });
}

/** A pool (row sp of "SeatPool") with a free seat and an account waiting for one: a sync run's work. */
const POOL_HAS_SEAT_FOR_WAITING = Prisma.sql`sp."activeCount" < sp."seatLimit" AND EXISTS (
      SELECT 1 FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
      WHERE ar.pool = sp.pool AND a.state = 'BLOCKED' AND a."blockedReason" = 'NO_SEAT')`;

/**
 * Whether a sync run (activateWaitingAccounts) would find anything to do, as a column for a
 * statement that reads something else too: a caller that must run one first spares the query.
 */
export const SYNC_RUN_HAS_WORK_SQL = Prisma.sql`EXISTS (SELECT 1 FROM "SeatPool" sp WHERE ${POOL_HAS_SEAT_FOR_WAITING})`;

/**
 * Pools where a sync run has something to do: a free seat and someone waiting. One indexed query
 * without locks, so that the (frequent) runs that have nothing to do cost almost nothing.
 */
async function poolsWithWaitingAndFreeSeats(client: Db): Promise<Pool[]> {
  const rows = await client.$queryRaw<{ pool: Pool }[]>`
    -- prepared: pools-with-waiting
    SELECT sp.pool FROM "SeatPool" sp WHERE ${POOL_HAS_SEAT_FOR_WAITING} ORDER BY sp.pool`;
  return rows.map((r) => r.pool);
}

type Activated = { id: string; username: string; pool: Pool };

/** Runs asked for and not started yet, per database client, by actor. */
const nextRuns = new WeakMap<Db, Map<string, Promise<Activated[]>>>();

/**
 * A sync run's activation step: while a pool has free seats, its oldest waiting account becomes
 * active. Returns the activated accounts per pool.
 *
 * Runs asked for by the same actor before one starts share it: it starts on the next turn of the
 * event loop and sees every write committed before that, so it does what each caller's own run
 * would have done. A caller that asks once it has started gets the next one. A directory's burst
 * on a full pool (hundreds of waiting creations at once, each followed by a run) then costs one
 * query per turn instead of one per request.
 */
export function activateWaitingAccounts(options: { actor: Actor }, client: Db = defaultDb()): Promise<Activated[]> {
  let runs = nextRuns.get(client);
  if (!runs) nextRuns.set(client, (runs = new Map()));
  const key = `${options.actor.id ?? ""}\u0000${options.actor.label}`;
  const asked = runs.get(key);
  if (asked) return asked.then((activated) => [...activated]); // each caller its own list
  const run = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    runs.delete(key); // started: from here on, callers wait for the next run
    return runWaitingActivations(options.actor, client);
  });
  runs.set(key, run);
  return run;
}

async function runWaitingActivations(actor: Actor, client: Db): Promise<Activated[]> {
  const activated: Activated[] = [];
  for (const pool of await poolsWithWaitingAndFreeSeats(client)) {
    for (;;) {
      const account = await client
        .$transaction((tx) => activateOldestWaiting(tx, pool, actor))
        .catch((error) => {
          if (error instanceof SeatLimitError) return null; // full: the rest keep waiting
          throw error;
        });
      if (!account) break;
      activated.push({ id: account.id, username: account.username, pool });
    }
  }
  return activated;
}
