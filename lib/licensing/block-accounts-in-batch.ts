import "server-only";
import { endAccountSessions } from "../accounts/sessions";
import type { Tx } from "../db/client";
import type { Actor } from "./actor";
import { assertKeepsAdministrators, assertMayManage, assertNotSelf, lockAdminRoles } from "./admin-guards";
import { recordAuditEvents, snapshotAccount } from "./audit";
import { countByPool, GONE, lockAccountsForBatch, refusedBy, type BatchOutcomes } from "./batch-accounts";
import { releaseSeat } from "./seats";
import type { LockedAccount } from "./update-locked-account";

/**
 * Blocks many accounts inside the caller's transaction, by hand (reason ADMIN: a bulk job) or for
 * inactivity (the daily policy run), with the rules of blockAccount for each: not oneself, a sysadmin's account only by a sysadmin, never the last
 * active administrator. The writes are made once for the whole batch (one UPDATE, one seat
 * release per pool, one audit insert), which is what makes a bulk job of thousands fast.
 */
export async function blockAccountsInBatch(
  tx: Tx,
  options: { actor: Actor; accountIds: string[]; reason?: "ADMIN" | "INACTIVE"; detail?: string },
): Promise<BatchOutcomes> {
  const { actor, accountIds, reason = "ADMIN", detail = "Bulk job." } = options;
  // Before the row locks, as every change that could remove an administrator takes it.
  await lockAdminRoles(tx);
  const accounts = await lockAccountsForBatch(tx, accountIds);
  const outcomes: BatchOutcomes = new Map();
  const blocking: LockedAccount[] = [];
  for (const id of accountIds) {
    const before = accounts.get(id);
    if (!before) {
      outcomes.set(id, GONE);
      continue;
    }
    // As blockAccount: a block by hand takes over any other reason; inactivity never overrides one.
    if (before.state === "BLOCKED" && (reason === "INACTIVE" || before.blockedReason === "ADMIN")) {
      outcomes.set(id, { outcome: "UNCHANGED", message: "Already blocked." });
      continue;
    }
    try {
      assertNotSelf(actor, before, "block");
      assertMayManage(actor, before, "block");
      if (before.isSysadmin || before.isPeopleAdmin) {
        await assertKeepsAdministrators(
          tx,
          before,
          { active: false, isSysadmin: before.isSysadmin, isPeopleAdmin: before.isPeopleAdmin },
          "block",
        );
        // Written now, so that the next administrator of the batch is counted without this one.
        await tx.account.update({ where: { id }, data: { state: "BLOCKED" } });
      }
    } catch (error) {
      outcomes.set(id, refusedBy(error));
      continue;
    }
    blocking.push(before);
    outcomes.set(id, {
      outcome: "DONE",
      message: before.state === "ACTIVE" ? "Blocked: its seat is free." : "Blocked by hand (it was waiting for a seat).",
    });
  }
  if (blocking.length === 0) return outcomes;

  const now = new Date();
  const wasActive = blocking.filter((a) => a.state === "ACTIVE");
  for (const [pool, count] of countByPool(wasActive)) await releaseSeat(tx, pool, count);
  await tx.account.updateMany({
    where: { id: { in: blocking.map((a) => a.id) } },
    data: { state: "BLOCKED", blockedReason: reason, blockedAt: now, waitingSince: null, comebackRefusedNotifiedAt: null },
  });
  await endAccountSessions(
    tx,
    wasActive.map((a) => a.id),
    "blocked",
  );
  await recordAuditEvents(
    tx,
    blocking.map((before) => ({
      actor,
      action: "account.block",
      account: before,
      pool: before.area.pool,
      before: snapshotAccount(before),
      after: snapshotAccount({ ...before, state: "BLOCKED", blockedReason: reason }),
      detail,
    })),
  );
  return outcomes;
}
