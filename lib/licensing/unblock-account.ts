import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { assertMayManage } from "./admin-guards";
import { activateLockedAccount } from "./activate-account";
import { accountIdSchema } from "./schemas";
import { inSeatTransaction } from "./transaction";
import { parseInput } from "./validate";

export type UnblockAccountOptions = { actor: Actor; accountId: string };

/** Unblocks an account if its pool has a free seat (spec rule 3); refused otherwise. */
export async function unblockAccount(options: UnblockAccountOptions, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  const refusalAccount = await client.account.findUnique({ where: { id: accountId }, select: { id: true, username: true } });
  return inSeatTransaction(
    client,
    { actor: options.actor, action: "account.unblock", account: refusalAccount ?? { id: accountId, username: "?" } },
    async (tx) => {
      const before = await lockAccount(tx, accountId);
      assertMayManage(options.actor, before, "unblock");
      if (before.state === "ACTIVE") return { account: before, changed: false };
      const account = await activateLockedAccount(tx, { before, actor: options.actor, action: "account.unblock" });
      return { account, changed: true };
    },
  );
}
