import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { verifyPassword } from "./password";
import { signInFailures, signInThrottled } from "../metrics/registry";
import { deviceFor } from "./device-cookie";
import { reserveSignInAttempt, settleSignInAttempt } from "./sign-in-throttle";
import { comeBackAfterInactivity } from "../licensing/come-back-after-inactivity";
import { verifyLdapPassword } from "../ldap/verify-password";

export const signInSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, "Enter your user name.").max(100),
  password: z.string().min(1, "Enter your password.").max(200),
});

export type SignInResult =
  | { ok: true; account: { id: string; username: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "blocked" | "no-seat" | "directory-unreachable" }
  | { ok: false; reason: "rate-limited"; retryInMinutes: number };

// Compared against when the user name is unknown, so both paths take the same time.
const DUMMY_HASH = "$2b$11$KoXxbsuejsHlqCe1ieSmd.QIxM7JLSNKADizFUy2lLpX0/xQB6yTa";

/**
 * Checks a user name and password. A blocked account is refused whatever its role (spec: who may
 * do what); that is only said once the password is right, so it reveals nothing to a guesser.
 */
export async function verifySignIn(
  input: unknown,
  client: Db = defaultDb(),
  options: { address?: string | null; deviceCookie?: string | null } = {},
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { username, password } = parsed.data;
  const keys = { account: username, address: options.address ?? null, device: deviceFor(options.deviceCookie, username) };
  const reservation = await reserveSignInAttempt(client, keys);
  if (!reservation.allowed) {
    signInThrottled.inc();
    return { ok: false, reason: "rate-limited", retryInMinutes: reservation.retryInMinutes };
  }
  const account = await client.account.findUnique({ where: { username } });
  // Accounts synced from LDAP sign in with their directory password (a bind), never a local one.
  if (account?.source === "LDAP") {
    const check = await verifyLdapPassword(account, password, client);
    if (check === "unreachable") {
      await settleSignInAttempt(client, keys); // the directory's outage is not a wrong password
      return { ok: false, reason: "directory-unreachable" };
    }
    if (check === "wrong") {
      signInFailures.inc();
      return { ok: false, reason: "invalid" };
    }
  }
  const passwordOk = account?.source === "LDAP" || (await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH));
  if (!account || (!account.passwordHash && account.source !== "LDAP") || !passwordOk) {
    signInFailures.inc(); // the reservation stays: it was a failure
    return { ok: false, reason: "invalid" };
  }
  await settleSignInAttempt(client, keys);
  if (account.state !== "ACTIVE") {
    // Blocked for inactivity: the right password brings the account back if a seat is free.
    if (account.blockedReason !== "INACTIVE") return { ok: false, reason: "blocked" };
    const back = await comeBackAfterInactivity(account.id, client);
    if (back === "no-seat") return { ok: false, reason: "no-seat" };
    if (back !== "reactivated") return { ok: false, reason: "blocked" };
  }
  const now = new Date();
  await client.account.update({ where: { id: account.id }, data: { lastSignInAt: now, lastActiveAt: now } });
  return {
    ok: true,
    account: {
      id: account.id,
      username: account.username,
      email: account.email,
      name: `${account.givenName} ${account.familyName}`,
    },
  };
}
