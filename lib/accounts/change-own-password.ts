import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { hashPassword, verifyPassword } from "../auth/password";
import { recordAuditEvent } from "../licensing";
import { lockAccount } from "../licensing/account-lock";
import { parseInput } from "../licensing/validate";
import { PasswordRefusedError } from "./errors";
import { passwordProblem } from "./password-policy";
import { endAccountSessions } from "./sessions";

const changeOwnPasswordSchema = z.object({
  accountId: z.uuid(),
  sessionId: z.uuid().nullable(),
  currentPassword: z.string("Enter your current password.").min(1, "Enter your current password.").max(200),
  newPassword: z.string("Enter a new password.").max(1000),
});

/**
 * A signed-in person changes their own password: the current one is required, the new one must
 * pass the policy. Every other session of the account ends; the one making the change stays.
 */
export async function changeOwnPassword(options: z.input<typeof changeOwnPasswordSchema>, client: Db = defaultDb()) {
  const input = parseInput(changeOwnPasswordSchema, options);
  const account = await client.account.findUniqueOrThrow({ where: { id: input.accountId } });
  if (account.source === "LDAP") {
    throw new PasswordRefusedError(
      "You sign in with your directory (Active Directory / LDAP) password: change it there.",
      "currentPassword",
    );
  }
  if (!account.passwordHash || !(await verifyPassword(input.currentPassword, account.passwordHash))) {
    throw new PasswordRefusedError("That is not your current password.", "currentPassword");
  }
  const problem = passwordProblem(input.newPassword, account);
  if (problem) throw new PasswordRefusedError(problem);
  if (await verifyPassword(input.newPassword, account.passwordHash)) {
    throw new PasswordRefusedError("Choose a password different from the current one.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  return client.$transaction(async (tx) => {
    const locked = await lockAccount(tx, account.id);
    await tx.account.update({
      where: { id: locked.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
    });
    const ended = await endAccountSessions(tx, locked.id, "password changed", input.sessionId);
    await recordAuditEvent(tx, {
      actor: { id: locked.id, label: locked.username },
      action: "account.password",
      account: locked,
      detail: `Changed by the account holder${locked.mustChangePassword ? " (the one-time password was replaced)" : ""}; ${ended} other session${ended === 1 ? "" : "s"} ended.`,
    });
    return { endedSessions: ended };
  });
}
