import "server-only";
import type { Tx } from "../db/client";
import type { Actor } from "./actor";
import type { AuditAction } from "./audit";
import { takeSeat } from "./seats";
import { updateLockedAccount, type LockedAccount } from "./update-locked-account";

/**
 * Makes a locked, blocked account active: takes a seat in its pool (or throws SeatLimitError,
 * having changed nothing), clears the block, audits. Unblocking and every sync activation share it.
 */
export async function activateLockedAccount(
  tx: Tx,
  options: { before: LockedAccount; actor: Actor; action: AuditAction; detail?: string },
) {
  const { before } = options;
  await takeSeat(tx, before.area.pool);
  return updateLockedAccount(tx, {
    ...options,
    data: { state: "ACTIVE", blockedReason: null, blockedAt: null, waitingSince: null },
  });
}
