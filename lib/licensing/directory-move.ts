import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { SeatLimitError } from "./errors";
import { accountIdSchema } from "./schemas";
import { areaWithPool, lockPools, releaseSeat, takeSeat } from "./seats";
import { updateLockedAccount } from "./update-locked-account";
import { parseInput } from "./validate";

/**
 * The directory moves an account to another area (its groups changed). Unlike a move by hand,
 * a full target pool does not refuse it: spec rule 4, the account moves and waits for a seat there
 * (blocked NO_SEAT, from now, in arrival order), and its old seat is free at once.
 */
export async function moveDirectoryAccount(options: { actor: Actor; accountId: string; areaId: string }, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  const areaId = parseInput(accountIdSchema, options.areaId);
  return client.$transaction(async (tx) => {
    const target = await areaWithPool(tx, areaId);
    const before = await lockAccount(tx, accountId);
    if (before.areaId === target.id) return { account: before, changed: false, waiting: false };
    if (before.state !== "ACTIVE" || before.area.pool === target.pool) {
      const account = await updateLockedAccount(tx, { before, actor: options.actor, action: "account.move", data: { areaId: target.id } });
      return { account, changed: true, waiting: false };
    }
    // Account row first, then both pools in a fixed order, as moveAccount does.
    await lockPools(tx);
    try {
      await takeSeat(tx, target.pool);
    } catch (error) {
      if (!(error instanceof SeatLimitError)) throw error;
      await releaseSeat(tx, before.area.pool);
      const now = new Date();
      const account = await updateLockedAccount(tx, {
        before,
        actor: options.actor,
        action: "account.move",
        data: { areaId: target.id, state: "BLOCKED", blockedReason: "NO_SEAT", blockedAt: now, waitingSince: now },
        detail: `The directory moved it, but no seat is free in the target pool: waiting for a seat. ${error.message}`,
      });
      return { account, changed: true, waiting: true };
    }
    await releaseSeat(tx, before.area.pool);
    const account = await updateLockedAccount(tx, { before, actor: options.actor, action: "account.move", data: { areaId: target.id } });
    return { account, changed: true, waiting: false };
  });
}
