import "server-only";
import type { Tx } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { AreaNotFoundError, SeatLimitError } from "./errors";
import { Prisma, type Area, type SeatPool } from "../generated/prisma/client";
import { AUDIT_EVENT_COLUMNS, auditEventValues, type AuditEventInput } from "./audit";
import { nearFullThresholdPct, notePoolLevel } from "./pool-notifications";

/** What the seat statement also writes, in the same statement, only when it takes the seat. */
export type WithTheSeat = {
  /** The audit event of the change the seat is taken for. */
  audit?: AuditEventInput;
  /** Makes this account (locked by the caller) active: an activation is then one statement. */
  activate?: { accountId: string; at: Date };
};

type SeatStatementRow = SeatPool & { taken: boolean; thresholdPct: number | null };

/**
 * Takes one seat in `pool`, inside the caller's transaction, or throws SeatLimitError.
 *
 * Every activation of an existing account inside a transaction goes through here; a creation
 * (create-account.ts) and a directory's re-activation (directory-activation.ts) run the same
 * conditional UPDATE inside their one statement. The conditional UPDATE takes the pool row's
 * lock, so concurrent transactions (from any number of app processes on the same database)
 * queue on it and each sees the count the previous one committed: `used` can never pass the
 * limit, and the last seat is usable. A count read before the transaction would race.
 *
 * The lock is held until commit, so this is the transaction's last statement: what is written
 * only with the seat (`withSeat`: the audit event, an activation) is written by the same
 * statement, and the warning threshold is read by it too. Only the COMMIT follows (and, when the
 * pool just crossed a threshold, its notification). A refused UPDATE matches no row, locks
 * nothing and writes nothing: the counts for the refusal come back from the same statement.
 */
export async function takeSeat(tx: Tx, pool: Pool, withSeat: WithTheSeat = {}): Promise<void> {
  const writes: Prisma.Sql[] = [];
  if (withSeat.activate) {
    writes.push(Prisma.sql`activated AS (
      UPDATE "Account" SET state = 'ACTIVE', "blockedReason" = NULL, "blockedAt" = NULL, "waitingSince" = NULL,
        "updatedAt" = ${withSeat.activate.at}
      FROM seat WHERE id = ${withSeat.activate.accountId}::uuid RETURNING "Account".id)`);
  }
  if (withSeat.audit) {
    writes.push(Prisma.sql`audited AS (
      INSERT INTO "AuditEvent" ${AUDIT_EVENT_COLUMNS} SELECT ${auditEventValues(withSeat.audit)} FROM seat)`);
  }
  const [row] = await tx.$queryRaw<SeatStatementRow[]>`
    WITH seat AS (
      UPDATE "SeatPool" SET "activeCount" = "activeCount" + 1, "updatedAt" = now()
      WHERE pool = ${pool}::"Pool" AND "activeCount" < "seatLimit"
      RETURNING pool, "seatLimit", "activeCount", "fullNotified", "nearFullNotified", "forecastNotified", "updatedAt"
    )${writes.length ? Prisma.sql`, ${Prisma.join(writes, ", ")}` : Prisma.empty}
    SELECT true AS taken, pool::text AS pool, "seatLimit", "activeCount", "fullNotified", "nearFullNotified", "forecastNotified",
      "updatedAt", (SELECT "nearFullThresholdPct" FROM "SiteSettings" WHERE id = 1) AS "thresholdPct"
    FROM seat
    UNION ALL
    SELECT false, sp.pool::text, sp."seatLimit", sp."activeCount", sp."fullNotified", sp."nearFullNotified", sp."forecastNotified",
      sp."updatedAt", NULL
    FROM "SeatPool" sp WHERE sp.pool = ${pool}::"Pool" AND NOT EXISTS (SELECT 1 FROM seat)`;
  if (!row) throw new Error(`The seat pool ${pool} does not exist.`);
  const { taken, thresholdPct, ...seatPool } = row;
  if (!taken) {
    // The statement's snapshot predates a seat-taker it may have waited for: when it still shows
    // a free seat, the counts are read again for the message.
    const current = seatPool.activeCount < seatPool.seatLimit ? await tx.seatPool.findUniqueOrThrow({ where: { pool } }) : seatPool;
    throw new SeatLimitError(pool, current.seatLimit, current.activeCount);
  }
  await notePoolLevel(tx, seatPool, thresholdPct);
}

/**
 * Takes `count` seats in `pool` at once (a bulk job's batch), all or none: the caller has locked
 * the pool row and counted the free seats. Throws SeatLimitError if they are not all free.
 */
export async function takeSeats(tx: Tx, pool: Pool, count: number): Promise<void> {
  if (count === 0) return;
  const thresholdPct = await nearFullThresholdPct(tx); // read before the pool row is locked
  const taken = await tx.seatPool.update({ where: { pool }, data: { activeCount: { increment: count } } });
  // Throwing rolls the whole transaction back: the limit is never passed, even by a caller's slip.
  if (taken.activeCount > taken.seatLimit) throw new SeatLimitError(pool, taken.seatLimit, taken.activeCount - count);
  await notePoolLevel(tx, taken, thresholdPct);
}

/** Gives back the seats of accounts that stop being active (block, delete, move): one by default. */
export async function releaseSeat(tx: Tx, pool: Pool, count = 1): Promise<void> {
  if (count === 0) return;
  const thresholdPct = await nearFullThresholdPct(tx); // read before the pool row is locked
  const released = await tx.seatPool.update({
    where: { pool },
    data: { activeCount: { decrement: count } },
  });
  await notePoolLevel(tx, released, thresholdPct);
}

/**
 * Locks both pool rows in one fixed order before an operation that touches both (an area move),
 * so two opposite moves cannot deadlock.
 */
export async function lockPools(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT pool FROM "SeatPool" ORDER BY pool FOR UPDATE`;
}

export async function areaWithPool(tx: Tx, areaId: string): Promise<Area> {
  // FOR KEY SHARE: an area being deleted right now is waited for, then found gone (a clear
  // "no such area") rather than failing the insert's foreign key. One statement reads and locks it.
  const [area] = await tx.$queryRaw<Area[]>`
    SELECT id::text AS id, name, "nameKey", pool::text AS pool, "createdAt" FROM "Area" WHERE id = ${areaId}::uuid FOR KEY SHARE`;
  if (!area) throw new AreaNotFoundError(areaId);
  return area;
}
