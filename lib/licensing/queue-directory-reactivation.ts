import "server-only";
import type { Db } from "../db/client";
import type { Account, Area } from "../generated/prisma/client";
import type { Actor } from "./actor";
import { accountColumnsSql } from "./account-columns";
import { SeatLimitError } from "./errors";

type QueuedRow = Account & { areaName: string; areaNameKey: string; areaPool: Area["pool"]; areaCreatedAt: Date };

/**
 * The directory wants an account it deactivated active again while its pool is full: in ONE
 * autocommitted statement the account joins the queue (blocked for lack of a seat, waiting from
 * now) and both audit events are written, the change and the refused activation, exactly as
 * applyDirectoryActiveState's transaction writes them. A refusal takes no seat, so it needs no
 * pool lock: the count is read, and only the account's row is locked, for one statement. Under a
 * burst of re-activations on a full pool (seat contention) that transaction cost seven round
 * trips each.
 *
 * Returns null, having written nothing, when the account is not blocked by the directory or its
 * pool has a free seat: the caller then takes the transactional way (which may take the seat).
 * A seat freed after the statement's snapshot is not seen here (nor by the seat UPDATE of the
 * transactional way): the caller runs the sync after it, as after a waiting creation. Of that run
 * and the freeing side's own, one comes after both commits and gives the seat to the oldest.
 */
export async function queueDirectoryReactivationWhenFull(
  client: Db,
  options: { actor: Actor; accountId: string },
): Promise<(Account & { area: Area }) | null> {
  const now = new Date();
  const [primaryBefore, between, after] = SeatLimitError.messageAround("PRIMARY");
  const [extranetBefore] = SeatLimitError.messageAround("EXTRANET");
  const [row] = await client.$queryRaw<QueuedRow[]>`
    -- prepared: queue-directory-reactivation
    WITH target AS (
      SELECT a.id, a.username, a."areaId", ar.name, ar.pool, sp."seatLimit", sp."activeCount"
      FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" JOIN "SeatPool" sp ON sp.pool = ar.pool
      WHERE a.id = ${options.accountId}::uuid AND a.state = 'BLOCKED' AND a."blockedReason" = 'DIRECTORY'
        AND sp."activeCount" >= sp."seatLimit"
    ), queued AS (
      -- The row lock re-checks these on the current row: a concurrent change (an unblock, a move) wins.
      UPDATE "Account" a SET "blockedReason" = 'NO_SEAT', "waitingSince" = ${now}::timestamp, "updatedAt" = ${now}::timestamp
      FROM target
      WHERE a.id = target.id AND a.state = 'BLOCKED' AND a."blockedReason" = 'DIRECTORY' AND a."areaId" = target."areaId"
      RETURNING a.*
    ), audited AS (
      INSERT INTO "AuditEvent" ("actorId", "actorLabel", action, outcome, "accountId", "accountLabel", pool, before, after, detail)
      SELECT ${options.actor.id}::uuid, ${options.actor.label}, 'account.block', 'SUCCESS'::"AuditOutcome", queued.id, queued.username, target.pool,
        jsonb_build_object('username', target.username, 'state', 'BLOCKED', 'blockedReason', 'DIRECTORY', 'area', target.name, 'pool', target.pool),
        jsonb_build_object('username', queued.username, 'state', 'BLOCKED', 'blockedReason', 'NO_SEAT', 'area', target.name, 'pool', target.pool),
        'The directory re-activated it, but no seat is free: waiting for a seat.'
      FROM queued, target
      UNION ALL
      SELECT ${options.actor.id}::uuid, ${options.actor.label}, 'account.activate_waiting', 'REFUSED'::"AuditOutcome", queued.id, queued.username, target.pool,
        NULL, NULL,
        CASE target.pool WHEN 'PRIMARY' THEN ${primaryBefore} ELSE ${extranetBefore} END
          || target."activeCount" || ${between} || target."seatLimit" || ${after}
      FROM queued, target
    )
    SELECT ${accountColumnsSql("queued")},
      ar.name AS "areaName", ar."nameKey" AS "areaNameKey", ar.pool::text AS "areaPool", ar."createdAt" AS "areaCreatedAt"
    FROM queued JOIN "Area" ar ON ar.id = queued."areaId"`;
  if (!row) return null;
  const { areaName, areaNameKey, areaPool, areaCreatedAt, ...account } = row;
  return { ...account, area: { id: account.areaId, name: areaName, nameKey: areaNameKey, pool: areaPool, createdAt: areaCreatedAt } };
}
