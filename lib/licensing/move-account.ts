import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { assertMayManage } from "./admin-guards";
import { assertNotDirectoryOwned } from "./directory-owned";
import { updateLockedAccount } from "./update-locked-account";
import { accountIdSchema } from "./schemas";
import { areaWithPool, lockPools, releaseSeat, takeSeat } from "./seats";
import { inSeatTransaction } from "./transaction";
import { parseInput } from "./validate";

export type MoveAccountOptions = { actor: Actor; accountId: string; areaId: string };

/**
 * Moves an account to another area. An active account moving to another pool needs a free seat
 * there (spec rule 1) and gives its old seat back; within one pool nothing changes seat-wise.
 */
export async function moveAccount(options: MoveAccountOptions, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  const areaId = parseInput(accountIdSchema, options.areaId);
  const refusalAccount = await client.account.findUnique({ where: { id: accountId }, select: { id: true, username: true } });
  return inSeatTransaction(
    client,
    { actor: options.actor, action: "account.move", account: refusalAccount ?? { id: accountId, username: "?" } },
    async (tx) => {
      const target = await areaWithPool(tx, areaId);
      const before = await lockAccount(tx, accountId);
      if (before.areaId === target.id) return { account: before, changed: false };
      assertMayManage(options.actor, before, "move");
      assertNotDirectoryOwned(options.actor, before, ["area"]);
      if (before.state === "ACTIVE" && before.area.pool !== target.pool) {
        // Account row first, then both pools in a fixed order: the same order as every other
        // operation, so opposite moves and concurrent unblocks cannot deadlock.
        await lockPools(tx);
        await takeSeat(tx, target.pool);
        await releaseSeat(tx, before.area.pool);
      }
      const account = await updateLockedAccount(tx, { before, actor: options.actor, action: "account.move", data: { areaId: target.id } });
      return { account, changed: true };
    },
  );
}
