import "server-only";
import type { Tx } from "../db/client";
import type { Actor } from "./actor";
import { assertMayManage } from "./admin-guards";
import { recordAuditEvents, snapshotAccount, type AuditEventInput } from "./audit";
import { countByPool, GONE, lockAccountsForBatch, refusedBy, type BatchOutcomes } from "./batch-accounts";
import { SeatLimitError } from "./errors";
import { lockPools, takeSeats } from "./seats";
import type { LockedAccount } from "./update-locked-account";

/**
 * Unblocks many accounts inside the caller's transaction (spec rule 3 for each): with the pool
 * rows locked, the free seats of each pool go to the batch's accounts in the order given; the
 * rest are refused for lack of a seat, and each refusal is audited as the single unblock's is.
 */
export async function unblockAccountsInBatch(tx: Tx, options: { actor: Actor; accountIds: string[] }): Promise<BatchOutcomes> {
  const { actor, accountIds } = options;
  const accounts = await lockAccountsForBatch(tx, accountIds);
  await lockPools(tx);
  const pools = new Map((await tx.seatPool.findMany()).map((p) => [p.pool, p]));
  const free = new Map([...pools.values()].map((p) => [p.pool, Math.max(0, p.seatLimit - p.activeCount)]));
  const outcomes: BatchOutcomes = new Map();
  const unblocking: LockedAccount[] = [];
  const refusals: AuditEventInput[] = [];
  for (const id of accountIds) {
    const before = accounts.get(id);
    if (!before) {
      outcomes.set(id, GONE);
      continue;
    }
    if (before.state === "ACTIVE") {
      outcomes.set(id, { outcome: "UNCHANGED", message: "Already active." });
      continue;
    }
    try {
      assertMayManage(actor, before, "unblock");
      const pool = before.area.pool;
      const seats = free.get(pool) ?? 0;
      if (seats === 0) {
        const { seatLimit = 0, activeCount = 0 } = pools.get(pool) ?? {};
        // The batch took whatever was free: the pool is now at its limit (or was already over it).
        throw new SeatLimitError(pool, seatLimit, Math.max(activeCount, seatLimit));
      }
      free.set(pool, seats - 1);
    } catch (error) {
      const refused = refusedBy(error);
      outcomes.set(id, refused);
      if (error instanceof SeatLimitError) {
        refusals.push({ actor, action: "account.unblock", outcome: "REFUSED", account: before, pool: error.pool, detail: error.message });
      }
      continue;
    }
    unblocking.push(before);
    outcomes.set(id, { outcome: "DONE", message: "Unblocked: it uses a seat." });
  }

  for (const [pool, count] of countByPool(unblocking)) await takeSeats(tx, pool, count);
  if (unblocking.length > 0) {
    await tx.account.updateMany({
      where: { id: { in: unblocking.map((a) => a.id) } },
      data: { state: "ACTIVE", blockedReason: null, blockedAt: null, waitingSince: null },
    });
  }
  await recordAuditEvents(tx, [
    ...unblocking.map((before): AuditEventInput => ({
      actor,
      action: "account.unblock",
      account: before,
      pool: before.area.pool,
      before: snapshotAccount(before),
      after: snapshotAccount({ ...before, state: "ACTIVE", blockedReason: null }),
      detail: "Bulk job.",
    })),
    ...refusals,
  ]);
  return outcomes;
}
