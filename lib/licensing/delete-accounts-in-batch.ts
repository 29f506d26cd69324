import "server-only";
import type { Tx } from "../db/client";
import type { Actor } from "./actor";
import { assertKeepsAdministrators, assertMayManage, assertNotSelf, lockAdminRoles } from "./admin-guards";
import { recordAuditEvents, snapshotAccount } from "./audit";
import { countByPool, GONE, lockAccountsForBatch, refusedBy, type BatchOutcomes } from "./batch-accounts";
import { releaseSeat } from "./seats";
import type { LockedAccount } from "./update-locked-account";

/**
 * Deletes many accounts for good inside the caller's transaction, with the rules of deleteAccount
 * for each (not oneself, a sysadmin's account only by a sysadmin, never the last active
 * administrator), freeing the seats of the active ones. An account already gone is unchanged.
 */
export async function deleteAccountsInBatch(tx: Tx, options: { actor: Actor; accountIds: string[] }): Promise<BatchOutcomes> {
  const { actor, accountIds } = options;
  await lockAdminRoles(tx);
  const accounts = await lockAccountsForBatch(tx, accountIds);
  const outcomes: BatchOutcomes = new Map();
  const deleting: LockedAccount[] = [];
  for (const id of accountIds) {
    const before = accounts.get(id);
    if (!before) {
      outcomes.set(id, GONE);
      continue;
    }
    try {
      assertNotSelf(actor, before, "delete");
      assertMayManage(actor, before, "delete");
      if (before.isSysadmin || before.isPeopleAdmin) {
        await assertKeepsAdministrators(tx, before, { active: false, isSysadmin: false, isPeopleAdmin: false }, "delete");
        // Gone now, so that the next administrator of the batch is counted without this one.
        await tx.account.delete({ where: { id } });
      }
    } catch (error) {
      outcomes.set(id, refusedBy(error));
      continue;
    }
    deleting.push(before);
    outcomes.set(id, { outcome: "DONE", message: before.state === "ACTIVE" ? "Deleted: its seat is free." : "Deleted (it was blocked)." });
  }
  if (deleting.length === 0) return outcomes;

  for (const [pool, count] of countByPool(deleting.filter((a) => a.state === "ACTIVE"))) await releaseSeat(tx, pool, count);
  await tx.account.deleteMany({ where: { id: { in: deleting.map((a) => a.id) } } });
  await recordAuditEvents(
    tx,
    deleting.map((before) => ({
      actor,
      action: "account.delete",
      account: before,
      pool: before.area.pool,
      before: snapshotAccount(before),
      after: null,
      detail: before.state === "ACTIVE" ? "Bulk job. Seat freed." : "Bulk job. Account was blocked: no seat to free.",
    })),
  );
  return outcomes;
}
