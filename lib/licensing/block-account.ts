import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { assertKeepsAdministrators, assertMayManage, assertNotSelf, requireAdminLock, withAdminRolesLock } from "./admin-guards";
import { updateLockedAccount } from "./update-locked-account";
import { accountIdSchema } from "./schemas";
import { releaseSeat } from "./seats";
import { parseInput } from "./validate";

export type BlockAccountOptions = {
  actor: Actor;
  accountId: string;
  /**
   * ADMIN: by hand (sync never re-activates it); DIRECTORY: the directory deactivated it;
   * INACTIVE: the inactivity policy (the person comes back by signing in, if a seat is free).
   */
  reason?: "ADMIN" | "DIRECTORY" | "INACTIVE";
};

/**
 * Blocks an account: its seat is free the moment the transaction commits; it keeps all its data
 * and cannot sign in (open sessions re-check the state on every request). Blocking a blocked
 * account changes nothing but its reason when an administrator takes over a waiting account.
 */
export async function blockAccount(options: BlockAccountOptions, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  const reason = options.reason ?? "ADMIN";
  return withAdminRolesLock(client, accountId, async (tx, adminLocked) => {
    const before = await lockAccount(tx, accountId);
    assertNotSelf(options.actor, before, "block");
    assertMayManage(options.actor, before, "block");
    // An account blocked for another reason keeps it: inactivity never overrides a decision.
    const keepsReason =
      reason === "INACTIVE" || before.blockedReason === reason || (reason === "DIRECTORY" && before.blockedReason === "ADMIN");
    if (before.state === "BLOCKED" && keepsReason) {
      return { account: before, changed: false };
    }
    requireAdminLock(adminLocked, before);
    await assertKeepsAdministrators(
      tx,
      before,
      { active: false, isSysadmin: before.isSysadmin, isPeopleAdmin: before.isPeopleAdmin },
      "block",
    );
    const account = await updateLockedAccount(tx, {
      before,
      actor: options.actor,
      action: "account.block",
      // A new block: a refused come-back will be told to the administrators again.
      data: { state: "BLOCKED", blockedReason: reason, blockedAt: new Date(), waitingSince: null, comebackRefusedNotifiedAt: null },
    });
    // The seat goes back last, so the pool row is locked only for that write and the commit.
    if (before.state === "ACTIVE") await releaseSeat(tx, before.area.pool);
    return { account, changed: true };
  });
}
