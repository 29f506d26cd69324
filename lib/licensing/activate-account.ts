import type { Tx } from "../db/client";
import type { Actor } from "./actor";
import type { lockAccount } from "./account-lock";
import { recordAuditEvent, snapshotAccount, type AuditAction } from "./audit";
import { takeSeat } from "./seats";

/**
 * Makes a locked, blocked account active: takes a seat in its pool (or throws SeatLimitError,
 * having changed nothing), clears the block, audits. Unblocking and every sync activation share it.
 */
export async function activateLockedAccount(
  tx: Tx,
  options: { before: Awaited<ReturnType<typeof lockAccount>>; actor: Actor; action: AuditAction; detail?: string },
) {
  const { before } = options;
  await takeSeat(tx, before.area.pool);
  const account = await tx.account.update({
    where: { id: before.id },
    data: { state: "ACTIVE", blockedReason: null, blockedAt: null, waitingSince: null },
    include: { area: true },
  });
  await recordAuditEvent(tx, {
    actor: options.actor,
    action: options.action,
    account,
    pool: account.area.pool,
    before: snapshotAccount(before),
    after: snapshotAccount(account),
    detail: options.detail ?? null,
  });
  return account;
}
