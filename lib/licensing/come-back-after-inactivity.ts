import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { activateLockedAccount } from "./activate-account";
import { POOL_LABEL, SeatLimitError } from "./errors";
import { notifyPeopleAdministrators } from "./pool-notifications";
import { accountIdSchema } from "./schemas";
import { inSeatTransaction } from "./transaction";
import { parseInput } from "./validate";

export type ComebackOutcome = "reactivated" | "no-seat" | "not-inactive";

/**
 * An account blocked for inactivity whose owner just signed in with the right password: it is
 * active again if its pool has a free seat (the seat rule, audited as an unblock by the person
 * themself). Otherwise the People administrators hear about it once per block, not at every
 * attempt: the claim on comebackRefusedNotifiedAt is one conditional UPDATE, so concurrent
 * attempts notify once too. Any other blocked account is left alone ("not-inactive").
 */
export async function comeBackAfterInactivity(accountId: string, client: Db = defaultDb()): Promise<ComebackOutcome> {
  const id = parseInput(accountIdSchema, accountId);
  const who = await client.account.findUnique({ where: { id }, select: { id: true, username: true } });
  if (!who) return "not-inactive";
  const actor: Actor = { id: who.id, label: who.username };
  try {
    return await inSeatTransaction(client, { actor, action: "account.unblock", account: who }, async (tx) => {
      const before = await lockAccount(tx, id);
      if (before.state !== "BLOCKED" || before.blockedReason !== "INACTIVE") return "not-inactive";
      await activateLockedAccount(tx, {
        before,
        actor,
        action: "account.unblock",
        detail: "Signed in after being blocked for inactivity: a seat was free.",
      });
      return "reactivated";
    });
  } catch (error) {
    if (!(error instanceof SeatLimitError)) throw error;
    await client.$transaction(async (tx) => {
      const claimed = await tx.$executeRaw`
        UPDATE "Account" SET "comebackRefusedNotifiedAt" = now()
        WHERE id = ${id}::uuid AND state = 'BLOCKED' AND "blockedReason" = 'INACTIVE' AND "comebackRefusedNotifiedAt" IS NULL`;
      if (claimed === 0) return;
      await notifyPeopleAdministrators(
        tx,
        error.pool,
        "INACTIVE_NO_SEAT",
        `${who.username} was blocked for inactivity and signed in again, but the ${POOL_LABEL[error.pool]} has no free seat ` +
          `(${error.used} of ${error.limit} in use), so the account stays blocked. Free a seat, or unblock it when one is free.`,
      );
    });
    return "no-seat";
  }
}
