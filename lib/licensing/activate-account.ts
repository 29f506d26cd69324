import "server-only";
import type { Tx } from "../db/client";
import type { Actor } from "./actor";
import { snapshotAccount, type AuditAction } from "./audit";
import { takeSeat } from "./seats";
import type { LockedAccount } from "./update-locked-account";

/**
 * Makes a locked, blocked account active: takes a seat in its pool (or throws SeatLimitError,
 * having changed nothing), clears the block, audits. An administrator's unblock and every sync run's
 * activation share it (a directory's re-activation is one statement: directory-activation.ts).
 * All three writes are one statement, the transaction's last: the pool row is locked only for it
 * and the commit.
 */
export async function activateLockedAccount(
  tx: Tx,
  options: { before: LockedAccount; actor: Actor; action: AuditAction; detail?: string },
) {
  const { before } = options;
  const at = new Date();
  const account = { ...before, state: "ACTIVE" as const, blockedReason: null, blockedAt: null, waitingSince: null, updatedAt: at };
  await takeSeat(tx, before.area.pool, {
    activate: { accountId: before.id, at },
    audit: {
      actor: options.actor,
      action: options.action,
      account,
      pool: before.area.pool,
      before: snapshotAccount(before),
      after: snapshotAccount(account),
      detail: options.detail ?? null,
    },
  });
  return account;
}
