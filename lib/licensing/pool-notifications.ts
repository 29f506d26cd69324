import "server-only";
import { config } from "../config";
import type { Tx } from "../db/client";
import type { NotificationKind, Pool } from "../generated/prisma/enums";
import type { SeatPool } from "../generated/prisma/client";
import { enqueueMail, mailConfigured } from "../mail/outbox";
import { POOL_LABEL } from "./errors";

const DEFAULT_THRESHOLD_PCT = 90;

/** The "approaching the limit" threshold of Admin > Settings (90% when never set). */
export async function nearFullThresholdPct(tx: Tx): Promise<number> {
  const settings = await tx.siteSettings.findUnique({ where: { id: 1 }, select: { nearFullThresholdPct: true } });
  return settings?.nearFullThresholdPct ?? DEFAULT_THRESHOLD_PCT;
}

/**
 * Spec rule 5: People administrators hear once each time a pool becomes full (and once when it
 * crosses the warning threshold), not once per refused attempt. The flags on the pool row,
 * changed under the row lock the caller holds, make "once" hold under concurrency; they reset
 * when seats free up so that the next time the pool fills is noticed again.
 */
export async function notePoolLevel(tx: Tx, pool: SeatPool, threshold?: number | null): Promise<void> {
  if (pool.seatLimit <= 0) return; // a pool the license does not buy is never "full"
  // Seat-taking callers pass the threshold they read with (or before) the pool row's lock.
  const thresholdPct = threshold === undefined ? await nearFullThresholdPct(tx) : (threshold ?? DEFAULT_THRESHOLD_PCT);
  const full = pool.activeCount >= pool.seatLimit;
  const nearFull = pool.activeCount * 100 >= pool.seatLimit * thresholdPct;

  const flags: Partial<Pick<SeatPool, "fullNotified" | "nearFullNotified">> = {};
  if (full && !pool.fullNotified) {
    flags.fullNotified = true;
    flags.nearFullNotified = true; // the "full" message says more than the warning would
    await notifyPeopleAdministrators(tx, pool.pool, "POOL_FULL", fullMessage(pool));
  } else if (nearFull && !full && !pool.nearFullNotified) {
    flags.nearFullNotified = true;
    await notifyPeopleAdministrators(tx, pool.pool, "POOL_NEAR_FULL", nearFullMessage(pool, thresholdPct));
  }
  if (!full && pool.fullNotified) flags.fullNotified = false;
  if (!nearFull && pool.nearFullNotified) flags.nearFullNotified = false;
  if (Object.keys(flags).length > 0) await tx.seatPool.update({ where: { pool: pool.pool }, data: flags });
}

/**
 * Whether notePoolLevel would change anything for this row (the same tests, without a query): a
 * caller that took its seat in one statement locks the pool row again only then.
 */
export function poolLevelNeedsNoting(pool: SeatPool, threshold: number | null): boolean {
  if (pool.seatLimit <= 0) return false;
  const full = pool.activeCount >= pool.seatLimit;
  const nearFull = pool.activeCount * 100 >= pool.seatLimit * (threshold ?? DEFAULT_THRESHOLD_PCT);
  return full !== pool.fullNotified || (nearFull && !full && !pool.nearFullNotified) || (!nearFull && pool.nearFullNotified);
}

function fullMessage(pool: SeatPool): string {
  const over = pool.activeCount - pool.seatLimit;
  return (
    `The ${POOL_LABEL[pool.pool]} license limit has been reached: ${pool.activeCount} of ${pool.seatLimit} seats are in use` +
    (over > 0 ? ` (${over} over the limit)` : "") +
    `. No new accounts can be made active there until you block or delete accounts that are no longer needed, or request more licenses.`
  );
}

function nearFullMessage(pool: SeatPool, thresholdPct: number): string {
  const remaining = pool.seatLimit - pool.activeCount;
  return (
    `The ${POOL_LABEL[pool.pool]} is at ${thresholdPct}% or more of its license: ${pool.activeCount} of ${pool.seatLimit} seats are in use, ` +
    `${remaining} remaining. Consider freeing seats or requesting more licenses before it is full.`
  );
}

const SUBJECT: Record<NotificationKind, string> = {
  POOL_FULL: "License limit reached",
  POOL_NEAR_FULL: "License limit nearly reached",
  POOL_FORECAST_FULL: "License limit forecast to be reached",
  INACTIVE_NO_SEAT: "An inactive account cannot come back: no free seat",
};

/** Tells every active People administrator, in the console and (with SMTP) by e-mail through the outbox. */
export async function notifyPeopleAdministrators(tx: Tx, pool: Pool, kind: NotificationKind, message: string): Promise<void> {
  const admins = await tx.account.findMany({
    where: { isPeopleAdmin: true, state: "ACTIVE" },
    select: { id: true, email: true },
  });
  if (admins.length === 0) return;
  await tx.notification.createMany({
    data: admins.map((admin) => ({ recipientId: admin.id, kind, pool, message })),
  });
  if (mailConfigured()) {
    const subject = `${SUBJECT[kind]}: ${POOL_LABEL[pool]}`;
    const { SEATKEEPER_URL, AUTH_URL } = config();
    const console = SEATKEEPER_URL ?? AUTH_URL;
    const body = `${message}\n\n${console ? `Admin > People: ${console.replace(/\/$/, "")}/admin/people\n\n` : ""}-- Seatkeeper`;
    await enqueueMail(
      tx,
      admins.map((admin) => ({ to: admin.email, subject, body })),
    );
  }
}
