import "server-only";
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
  // A browser that proves an earlier sign-in is judged by its own counter only: neither a stranger
  // failing on the account nor many failures from a shared address (an office NAT) lock it out.
  if (keys.device) return [{ key: `device:${keys.device}`, max: MAX_FAILURES_PER_DEVICE }];
  return [
    { key: `account:${keys.account}`, max: MAX_FAILURES_PER_ACCOUNT },
    ...(keys.address ? [{ key: `address:${keys.address}`, max: MAX_FAILURES_PER_ADDRESS }] : []),
  ];
}

export type Reservation = { allowed: true } | { allowed: false; retryInMinutes: number };

/**
 * Counts this attempt as a failure before the password is checked (one statement per counter,
 * safe under concurrency): parallel guesses cannot all pass a check made before any of them is
 * counted. `settleSignInAttempt` gives the count back when the password was right.
 */
export async function reserveSignInAttempt(client: Db, keys: ThrottleKeys, now = new Date()): Promise<Reservation> {
  const windowOpen = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000);
  let wait = 0;
  for (const { key, max } of keysOf(keys)) {
    const [row] = await client.$queryRaw<{ failures: number; windowStart: Date }[]>`
      INSERT INTO "SignInThrottle" (key, "windowStart", failures) VALUES (${key}, ${now}, 1)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN "SignInThrottle"."windowStart" < ${windowOpen} THEN 1 ELSE "SignInThrottle".failures + 1 END,
        "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < ${windowOpen} THEN ${now} ELSE "SignInThrottle"."windowStart" END
      RETURNING failures, "windowStart"`;
    if (row.failures > max) {
      const until = row.windowStart.getTime() + THROTTLE_WINDOW_MINUTES * 60_000;
      wait = Math.max(wait, Math.max(1, Math.ceil((until - now.getTime()) / 60_000)));
    }
  }
  await removeExpiredThrottles(client, now);
  return wait > 0 ? { allowed: false, retryInMinutes: wait } : { allowed: true };
}

/** The password was right: the account's (or device's) counter is cleared, the address's given back. */
export async function settleSignInAttempt(client: Db, keys: ThrottleKeys): Promise<void> {
  for (const { key } of keysOf(keys)) {
    if (key.startsWith("address:")) {
      await client.$executeRaw`UPDATE "SignInThrottle" SET failures = GREATEST(failures - 1, 0) WHERE key = ${key}`;
    } else {
      await client.signInThrottle.deleteMany({ where: { key } });
    }
  }
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
