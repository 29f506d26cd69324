import type { Db } from "../db/client";

// Sign-in limits (OWASP's authentication and credential-stuffing cheat sheets):
// - a client address that fails too often is refused for the rest of the window (password
//   spraying from one client is slowed down, whichever accounts it tries);
// - an account that fails too often is refused for the rest of the window, but only to clients
//   it has never signed in from: a browser holding the account's device cookie (a signed proof of
//   an earlier successful sign-in there) has its own counter, so a stranger who knows a user name
//   cannot keep that person out of the browser they use ("device cookies", OWASP).
// Counters live in the database, so the limits hold across app processes.

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_DEVICE = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export type ThrottleKeys = {
  account: string;
  address: string | null;
  /** Set when the client proved, with its device cookie, an earlier sign-in to this account. */
  device?: string | null;
};

function keysOf(keys: ThrottleKeys): { key: string; max: number }[] {
  return [
    keys.device ? { key: `device:${keys.device}`, max: MAX_FAILURES_PER_DEVICE } : { key: `account:${keys.account}`, max: MAX_FAILURES_PER_ACCOUNT },
    ...(keys.address ? [{ key: `address:${keys.address}`, max: MAX_FAILURES_PER_ADDRESS }] : []),
  ];
}

/** Minutes until the caller may try again, or 0 when it may try now. */
export async function signInBlockedFor(client: Db, keys: ThrottleKeys, now = new Date()): Promise<number> {
  const rows = await client.signInThrottle.findMany({ where: { key: { in: keysOf(keys).map((k) => k.key) } } });
  let wait = 0;
  for (const { key, max } of keysOf(keys)) {
    const row = rows.find((r) => r.key === key);
    if (!row || row.failures < max) continue;
    const until = row.windowStart.getTime() + THROTTLE_WINDOW_MINUTES * 60_000;
    if (until > now.getTime()) wait = Math.max(wait, Math.ceil((until - now.getTime()) / 60_000));
  }
  return wait;
}

/** Counts a failure (a new window starts when the last one is over); one statement, safe under concurrency. */
export async function recordSignInFailure(client: Db, keys: ThrottleKeys, now = new Date()): Promise<void> {
  const windowOpen = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
  for (const { key } of keysOf(keys)) {
    await client.$executeRaw`
      INSERT INTO "SignInThrottle" (key, "windowStart", failures) VALUES (${key}, ${now}, 1)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN "SignInThrottle"."windowStart" < ${windowOpen} THEN 1 ELSE "SignInThrottle".failures + 1 END,
        "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < ${windowOpen} THEN ${now} ELSE "SignInThrottle"."windowStart" END`;
  }
  await removeExpiredThrottles(client, now);
}

/**
 * Counters whose window is over protect nothing: they go, including those of user names that do
 * not exist (a guesser's typos would otherwise pile up for ever).
 */
export async function removeExpiredThrottles(client: Db, now = new Date()): Promise<number> {
  const windowOpen = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
  const { count } = await client.signInThrottle.deleteMany({ where: { windowStart: { lt: windowOpen } } });
  return count;
}

/** A successful sign-in clears the counter it was judged by (the account's, or this device's). */
export async function clearSignInFailures(client: Db, keys: Pick<ThrottleKeys, "account" | "device">): Promise<void> {
  await client.signInThrottle.deleteMany({ where: { key: keys.device ? `device:${keys.device}` : `account:${keys.account}` } });
}
