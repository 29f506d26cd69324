import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { hashPassword } from "../auth/password";
import { enqueueMail, mailConfigured } from "../mail/outbox";
import { assertMayManage, recordAuditEvent, type Actor } from "../licensing";
import { lockAccount } from "../licensing/account-lock";
import { NotAllowedError } from "../licensing/errors";
import { accountIdSchema } from "../licensing/schemas";
import { parseInput } from "../licensing/validate";
import { PasswordRefusedError } from "./errors";
import { passwordProblem } from "./password-policy";
import { endAccountSessions } from "./sessions";
import { utcMinute } from "../format/utc";

// An administrator gets someone back in: a one-time password shown once (to be changed at the
// next sign-in), or a single-use link e-mailed to the person (valid 24 hours, stored hashed).

export const PASSWORD_LINK_HOURS = 24;
/** Accounts from LDAP sign in with their directory password (lib/ldap): no local one to reset. */
const LDAP_PASSWORD_REASON = (username: string) =>
  `${username} signs in with their directory (Active Directory / LDAP) password: reset it in the directory.`;
const LINK_PREFIX = "spl_";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A password nobody chose, for one sign-in only (site:init, an administrator's reset). */
export function generateOneTimePassword(): string {
  return randomBytes(12).toString("base64url");
}

/** Sets a one-time password on someone else's account; the caller shows it once. */
export async function setOneTimePassword(options: { actor: Actor; accountId: string }, client: Db = defaultDb()) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  const password = generateOneTimePassword();
  const passwordHash = await hashPassword(password);
  const account = await client.$transaction(async (tx) => {
    const target = await lockAccount(tx, accountId);
    assertMayManage(options.actor, target, "reset the password of");
    if (target.source === "LDAP") throw new NotAllowedError(LDAP_PASSWORD_REASON(target.username));
    if (options.actor.id === target.id) throw new NotAllowedError("Change your own password in My account.");
    await tx.account.update({ where: { id: target.id }, data: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() } });
    await tx.passwordLink.updateMany({ where: { accountId: target.id, usedAt: null }, data: { usedAt: new Date() } });
    // A stranger's failed guesses must not keep the person out of the password just handed over.
    await tx.signInThrottle.deleteMany({ where: { key: `account:${target.username}` } });
    const ended = await endAccountSessions(tx, target.id, "password reset");
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "account.password",
      account: target,
      detail: `One-time password set by an administrator (to be changed at the next sign-in); ${ended} session${ended === 1 ? "" : "s"} ended.`,
    });
    return target;
  });
  return { username: account.username, password };
}

/** E-mails a single-use set-password link (needs SMTP). Any older unused link stops working. */
export async function sendPasswordLink(
  options: { actor: Actor; accountId: string; baseUrl: string; now?: Date },
  client: Db = defaultDb(),
) {
  const accountId = parseInput(accountIdSchema, options.accountId);
  if (!mailConfigured()) {
    throw new NotAllowedError("E-mail is not set up on this console (SMTP_URL), so no link can be sent: set a one-time password instead.");
  }
  const now = options.now ?? new Date();
  const token = LINK_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_HOURS * 3600_000);
  const url = new URL(`/set-password/${token}`, options.baseUrl).toString();
  return client.$transaction(async (tx) => {
    const target = await lockAccount(tx, accountId);
    assertMayManage(options.actor, target, "reset the password of");
    if (target.source === "LDAP") throw new NotAllowedError(LDAP_PASSWORD_REASON(target.username));
    await tx.passwordLink.updateMany({ where: { accountId: target.id, usedAt: null }, data: { usedAt: now } });
    await tx.passwordLink.create({
      data: { accountId: target.id, tokenHash: hashToken(token), createdAt: now, createdBy: options.actor.label, expiresAt },
    });
    await enqueueMail(tx, [
      {
        to: target.email,
        subject: "Set your Seatkeeper password",
        body:
          `Hello ${target.givenName},\n\nAn administrator asked Seatkeeper to let you set a new password.\n` +
          `Open this link to choose it (it works once, until ${utcMinute(expiresAt)}):\n\n${url}\n\n` +
          `If you did not expect this, tell your administrator; your current password keeps working until the link is used.\n`,
      },
    ]);
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "account.password",
      account: target,
      detail: `Set-password link e-mailed to ${target.email}, valid ${PASSWORD_LINK_HOURS} hours.`,
    });
    return { email: target.email, expiresAt };
  });
}

const INVALID_LINK =
  "This link cannot be used: it was used already, has expired, or a newer one was sent. Ask an administrator for a new one.";

/** Whether a set-password link can still be used, and for whom (the page shows the user name). */
export async function checkPasswordLink(token: string, options: { now?: Date } = {}, client: Db = defaultDb()) {
  if (typeof token !== "string" || !token.startsWith(LINK_PREFIX) || token.length > 100) return null;
  const link = await client.passwordLink.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { account: { select: { username: true, email: true, state: true } } },
  });
  if (!link || link.usedAt || link.expiresAt <= (options.now ?? new Date())) return null;
  return { username: link.account.username, email: link.account.email, expiresAt: link.expiresAt };
}

/** Sets the password with a link: once, before it expires; every session of the account ends. */
export async function setPasswordWithLink(options: { token: string; newPassword: string; now?: Date }, client: Db = defaultDb()) {
  const input = parseInput(z.object({ token: z.string().max(100), newPassword: z.string().max(1000) }), options);
  const now = options.now ?? new Date();
  const found = await checkPasswordLink(input.token, { now }, client);
  if (!found) throw new PasswordRefusedError(INVALID_LINK, "link");
  const problem = passwordProblem(input.newPassword, found);
  if (problem) throw new PasswordRefusedError(problem);
  const passwordHash = await hashPassword(input.newPassword);
  return client.$transaction(async (tx) => {
    // Claiming the link and setting the password commit together: a second use finds it used.
    const [link] = await tx.passwordLink.updateManyAndReturn({
      where: { tokenHash: hashToken(input.token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (!link) throw new PasswordRefusedError(INVALID_LINK, "link");
    const account = await lockAccount(tx, link.accountId);
    await tx.account.update({ where: { id: account.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: now } });
    await endAccountSessions(tx, account.id, "password reset");
    await recordAuditEvent(tx, {
      actor: { id: account.id, label: account.username },
      action: "account.password",
      account,
      detail: "Password set with an e-mailed link.",
    });
    return { username: account.username };
  });
}
