import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { assertKeepsAdministrators, requireAdminLock, withAdminRolesLock } from "./admin-guards";
import { recordAuditEvent } from "./audit";
import { NotAllowedError, SeatLimitError } from "./errors";
import { accountIdSchema } from "./schemas";
import { areaWithPool, lockPools, releaseSeat, takeSeat } from "./seats";
import { updateLockedAccount } from "./update-locked-account";
import { parseInput } from "./validate";

/** moved: in its new area, as active or blocked as before; waiting: moved, but no seat was free. */
export type DirectoryMoveOutcome = "unchanged" | "moved" | "waiting" | "refused";

export type MoveAccountForDirectoryOptions = {
  actor: Actor;
  accountId: string;
  /**
   * The area the directory wants for the account, or null to leave it where it is. Called under
   * the account's row lock, so concurrent membership changes of one person apply one after the
   * other and each reads what the previous one committed: the last word wins.
   */
  areaFor: (tx: Tx, accountId: string) => Promise<string | null>;
  /** Why, for the audit trail ("member of group Partners"). */
  reason?: string;
};

/**
 * Moves an account to the area its directory (SCIM groups) decides. Unlike a People
 * administrator's move, which is refused when the target pool is full (rule 1), a directory move
 * always happens (rule 4): an active account takes a seat in the target pool if one is free, else
 * it gives its old seat back and waits, blocked for lack of a seat, until a sync run activates it
 * (oldest first). A blocked account moves and stays blocked, whatever the reason. The last active
 * administrator is not sent to wait: that move is refused and audited.
 */
export async function moveAccountForDirectory(
  options: MoveAccountForDirectoryOptions,
  client: Db = defaultDb(),
): Promise<{ outcome: DirectoryMoveOutcome; detail?: string }> {
  const accountId = parseInput(accountIdSchema, options.accountId);
  let refusedAccount: { id: string; username: string } | null = null;
  try {
    return await withAdminRolesLock(client, accountId, async (tx, adminLocked) => {
      const before = await lockAccount(tx, accountId);
      refusedAccount = before;
      const areaId = await options.areaFor(tx, accountId);
      if (!areaId || areaId === before.areaId) return { outcome: "unchanged" as const };
      const target = await areaWithPool(tx, areaId);
      const detail = options.reason ? `The directory moved it: ${options.reason}.` : "The directory moved it.";
      if (before.state !== "ACTIVE" || before.area.pool === target.pool) {
        await updateLockedAccount(tx, { before, actor: options.actor, action: "account.move", data: { areaId: target.id }, detail });
        return { outcome: "moved" as const };
      }
      // Account row first, then both pools in a fixed order: the order of every other operation.
      await lockPools(tx);
      try {
        await takeSeat(tx, target.pool);
      } catch (error) {
        if (!(error instanceof SeatLimitError)) throw error;
        // takeSeat changed nothing when it refused: the transaction goes on, the account waits.
        requireAdminLock(adminLocked, before);
        await assertKeepsAdministrators(
          tx,
          before,
          { active: false, isSysadmin: before.isSysadmin, isPeopleAdmin: before.isPeopleAdmin },
          "move",
        );
        await releaseSeat(tx, before.area.pool);
        const now = new Date();
        const waitingDetail = `${detail} ${error.message} It waits for a seat in "${target.name}".`;
        await updateLockedAccount(tx, {
          before,
          actor: options.actor,
          action: "account.move",
          data: { areaId: target.id, state: "BLOCKED", blockedReason: "NO_SEAT", blockedAt: now, waitingSince: now },
          detail: waitingDetail,
        });
        return { outcome: "waiting" as const, detail: waitingDetail };
      }
      await releaseSeat(tx, before.area.pool);
      await updateLockedAccount(tx, { before, actor: options.actor, action: "account.move", data: { areaId: target.id }, detail });
      return { outcome: "moved" as const };
    });
  } catch (error) {
    if (!(error instanceof NotAllowedError)) throw error;
    await recordAuditEvent(client, {
      actor: options.actor,
      action: "account.move",
      outcome: "REFUSED",
      account: refusedAccount ?? { id: accountId, username: "?" },
      detail: error.message,
    });
    return { outcome: "refused", detail: error.message };
  }
}
