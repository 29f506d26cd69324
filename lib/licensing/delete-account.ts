import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { assertKeepsAdministrators, assertMayManage, assertNotSelf, requireAdminLock, withAdminRolesLock } from "./admin-guards";
import { recordAuditEvent, snapshotAccount } from "./audit";
import { accountIdSchema } from "./schemas";
import { releaseSeat } from "./seats";
import { parseInput } from "./validate";

export type DeleteAccountOptions = { actor: Actor; accountId: string };

/**
 * Deletes an account for good (its data cannot be brought back) and frees its seat if it was
 * active. Screens ask for explicit confirmation first and offer blocking as the reversible choice.
 */
export async function deleteAccount(options: DeleteAccountOptions, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  return withAdminRolesLock(client, accountId, async (tx, adminLocked) => {
    const before = await lockAccount(tx, accountId);
    assertNotSelf(options.actor, before, "delete");
    assertMayManage(options.actor, before, "delete");
    requireAdminLock(adminLocked, before);
    await assertKeepsAdministrators(tx, before, { active: false, isSysadmin: false, isPeopleAdmin: false }, "delete");
    await tx.account.delete({ where: { id: accountId } });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "account.delete",
      account: before,
      pool: before.area.pool,
      before: snapshotAccount(before),
      after: null,
      detail: before.state === "ACTIVE" ? "Seat freed." : "Account was blocked: no seat to free.",
    });
    // The seat goes back last, so the pool row is locked only for that write and the commit.
    if (before.state === "ACTIVE") await releaseSeat(tx, before.area.pool);
    return { username: before.username, freedSeat: before.state === "ACTIVE" };
  });
}
