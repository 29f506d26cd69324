import "server-only";
import type { Db } from "../db/client";
import type { Account, Area } from "../generated/prisma/client";
import type { Actor } from "./actor";
import { accountColumnsSql } from "./account-columns";
import { AccountNotFoundError, SeatLimitError } from "./errors";
import { SEAT_CTE_RETURNING, TAKEN_SEAT_COLUMNS, takenSeatOf, type TakenSeat, type TakenSeatColumns } from "./taken-seat";

type ActivationRow = Account &
  TakenSeatColumns & { areaName: string; areaNameKey: string; areaPool: Area["pool"]; areaCreatedAt: Date; changed: boolean };

/**
 * The directory wants an account active (spec rule 4), in ONE autocommitted statement: the
 * account's row is locked, and then
 * - a seat is free: it is taken, the account becomes active, and the activation is audited;
 * - the pool is full and the directory had deactivated it: it joins the queue (blocked for lack
 *   of a seat, waiting from now), audited as the change and the refused activation;
 * - the pool is full and it already waits: the refused activation is audited, nothing changes;
 * - it is active, or blocked by hand or for inactivity: nothing is written.
 *
 * As in a creation (create-account.ts), the pool row's lock is held only inside the server, for
 * the statement and its commit. As an interactive transaction the lock was held until the app
 * sent COMMIT: under a burst of re-activations (seat contention), the event loop was busy with
 * the other requests, and every seat-taker behind waited for it.
 *
 * The seat is taken as takeSeat takes it: a conditional UPDATE that re-checks the count once it
 * holds the row's lock. A refusal's message gives the counts the statement read, which may
 * predate a seat-taker it waited for: the pool was full when the UPDATE looked, so "used" is at
 * least the limit. The pool is read as it was when the statement started, also when it then
 * waited for the account's row: a seat freed after that is not seen here, so whenever the account
 * is left waiting the caller runs the sync after it (as after a waiting creation), which gives
 * that seat to the oldest waiting account.
 *
 * When a level is crossed, the pool's notification is written after the commit
 * (noteTakenSeatLevel), as after a creation: if that fails, the activation stands.
 */
export async function activateForDirectory(
  client: Db,
  options: { actor: Actor; accountId: string },
): Promise<{ account: Account & { area: Area }; changed: boolean; takenSeat: TakenSeat | null }> {
  const now = new Date();
  const [primaryBefore, between, after] = SeatLimitError.messageAround("PRIMARY");
  const [extranetBefore] = SeatLimitError.messageAround("EXTRANET");
  const { id: actorId, label: actorLabel } = options.actor;
  const statement = () => client.$queryRaw<ActivationRow[]>`
    -- prepared: directory-activation
    WITH locked AS (
      -- The row lock first, as every change of one account takes it before the pool's: a
      -- concurrent change (an unblock, a move) is waited for, and this statement works on what it left.
      SELECT * FROM "Account" WHERE id = ${options.accountId}::uuid FOR UPDATE
    ), target AS (
      SELECT l.id, l.username, l."blockedReason"::text AS reason, ar.name AS "areaName", ar.pool
      FROM locked l JOIN "Area" ar ON ar.id = l."areaId"
      -- As directoryActiveStateMayChange(account, true) says: not blocked by hand or for inactivity.
      WHERE l.state = 'BLOCKED' AND (l."blockedReason" IS NULL OR l."blockedReason" IN ('DIRECTORY', 'NO_SEAT'))
    ), seat AS (
      UPDATE "SeatPool" sp SET "activeCount" = sp."activeCount" + 1, "updatedAt" = now()
      FROM target WHERE sp.pool = target.pool AND sp."activeCount" < sp."seatLimit"
      RETURNING ${SEAT_CTE_RETURNING}
    ), refused AS (
      SELECT sp."seatLimit", GREATEST(sp."activeCount", sp."seatLimit") AS used
      FROM "SeatPool" sp JOIN target ON sp.pool = target.pool WHERE NOT EXISTS (SELECT 1 FROM seat)
    ), changed AS (
      UPDATE "Account" a SET
        state = CASE WHEN EXISTS (SELECT 1 FROM seat) THEN 'ACTIVE' ELSE 'BLOCKED' END::"AccountState",
        "blockedReason" = CASE WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE 'NO_SEAT' END::"BlockReason",
        "blockedAt" = CASE WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE a."blockedAt" END,
        "waitingSince" = CASE WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE ${now}::timestamp END,
        "updatedAt" = ${now}::timestamp
      FROM target
      WHERE a.id = target.id AND (EXISTS (SELECT 1 FROM seat) OR target.reason IS DISTINCT FROM 'NO_SEAT')
      RETURNING a.*
    ), audited AS (
      INSERT INTO "AuditEvent" ("actorId", "actorLabel", action, outcome, "accountId", "accountLabel", pool, before, after, detail)
      SELECT ${actorId}::uuid, ${actorLabel}, CASE target.reason WHEN 'NO_SEAT' THEN 'account.activate_waiting' ELSE 'account.unblock' END,
        'SUCCESS'::"AuditOutcome", target.id, target.username, target.pool,
        jsonb_build_object('username', target.username, 'state', 'BLOCKED', 'blockedReason', target.reason, 'area', target."areaName", 'pool', target.pool),
        jsonb_build_object('username', target.username, 'state', 'ACTIVE', 'blockedReason', NULL, 'area', target."areaName", 'pool', target.pool),
        NULL
      FROM target, seat
      UNION ALL
      SELECT ${actorId}::uuid, ${actorLabel}, 'account.block', 'SUCCESS'::"AuditOutcome", target.id, target.username, target.pool,
        jsonb_build_object('username', target.username, 'state', 'BLOCKED', 'blockedReason', target.reason, 'area', target."areaName", 'pool', target.pool),
        jsonb_build_object('username', target.username, 'state', 'BLOCKED', 'blockedReason', 'NO_SEAT', 'area', target."areaName", 'pool', target.pool),
        'The directory re-activated it, but no seat is free: waiting for a seat.'
      FROM target, refused WHERE target.reason IS DISTINCT FROM 'NO_SEAT'
      UNION ALL
      SELECT ${actorId}::uuid, ${actorLabel}, 'account.activate_waiting', 'REFUSED'::"AuditOutcome", target.id, target.username, target.pool,
        NULL, NULL,
        CASE target.pool WHEN 'PRIMARY' THEN ${primaryBefore} ELSE ${extranetBefore} END || refused.used || ${between} || refused."seatLimit" || ${after}
      FROM target, refused
    ), result AS (
      SELECT * FROM changed
      UNION ALL
      SELECT * FROM locked WHERE NOT EXISTS (SELECT 1 FROM changed)
    )
    SELECT ${accountColumnsSql("r")},
      ar.name AS "areaName", ar."nameKey" AS "areaNameKey", ar.pool::text AS "areaPool", ar."createdAt" AS "areaCreatedAt",
      EXISTS (SELECT 1 FROM changed) AS changed, ${TAKEN_SEAT_COLUMNS}
    FROM result r JOIN "Area" ar ON ar.id = r."areaId" LEFT JOIN seat ON TRUE`;
  // No row: no such account, or (once in a blue moon) it was moved, while the statement waited for
  // its row, to an area created after the statement started: a second statement sees that area.
  let [row] = await statement();
  if (!row) [row] = await statement();
  if (!row) throw new AccountNotFoundError(options.accountId);
  const { areaName, areaNameKey, areaPool, areaCreatedAt, changed, seatTaken, thresholdPct, ...rest } = row;
  const { seatLimit, activeCount, fullNotified, nearFullNotified, forecastNotified, seatUpdatedAt, ...account } = rest;
  const takenSeat = takenSeatOf(
    { seatTaken, seatLimit, activeCount, fullNotified, nearFullNotified, forecastNotified, seatUpdatedAt, thresholdPct },
    areaPool,
  );
  const area: Area = { id: account.areaId, name: areaName, nameKey: areaNameKey, pool: areaPool, createdAt: areaCreatedAt };
  return { account: { ...account, area }, changed, takenSeat };
}
