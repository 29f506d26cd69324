import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { lockAccount } from "./account-lock";
import { assertMayManage } from "./admin-guards";
import { assertNotDirectoryOwned } from "./directory-owned";
import { recordAuditEvent } from "./audit";
import { DuplicateAccountError } from "./errors";
import { accountIdSchema, newAccountSchema } from "./schemas";
import { translateUniqueViolation } from "./transaction";
import { parseInput } from "./validate";

export const accountProfileSchema = newAccountSchema
  .pick({ username: true, email: true, givenName: true, familyName: true, displayName: true })
  .extend({ externalId: z.string().trim().min(1).max(200).nullable() })
  .partial();

/** Changes who an account is (names, user name, e-mail, external id); never its seat. */
export async function updateAccountProfile(
  options: { actor: Actor; accountId: string; profile: z.input<typeof accountProfileSchema> },
  client: Db = defaultDb(),
) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  const profile = parseInput(accountProfileSchema, options.profile);
  return client
    .$transaction(async (tx) => {
      const before = await lockAccount(tx, accountId);
      const changes = Object.fromEntries(
        Object.entries(profile).filter(([key, value]) => value !== undefined && before[key as keyof typeof before] !== value),
      ) as typeof profile;
      if (Object.keys(changes).length === 0) return { account: before, changed: false };
      assertMayManage(options.actor, before, "edit");
      assertNotDirectoryOwned(options.actor, before, Object.keys(changes));
      for (const field of ["username", "email", "externalId"] as const) {
        const value = changes[field];
        if (value && (await tx.account.findFirst({ where: { [field]: value, id: { not: accountId } }, select: { id: true } }))) {
          throw new DuplicateAccountError(field, value);
        }
      }
      // The area does not change here: the locked read's is reused rather than read again.
      const account = { ...(await tx.account.update({ where: { id: accountId }, data: changes })), area: before.area };
      // A set-password link sent to the old address must not keep working.
      if (changes.email) await tx.passwordLink.updateMany({ where: { accountId, usedAt: null }, data: { usedAt: new Date() } });
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "account.update",
        account,
        before: Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof typeof before] as string | null])),
        after: changes,
      });
      return { account, changed: true };
    })
    .catch((error) => {
      throw translateUniqueViolation(error);
    });
}
