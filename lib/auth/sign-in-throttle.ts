import type { Db } from "../db/client";

// Sign-in rate limits: after too many failures in a window, an account (or a client address)
// is refused for the rest of the window, even with the right password.

export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export type ThrottleKeys = { account: string; address: string | null };

function keysOf(keys: ThrottleKeys): { key: string; max: number }[] {
  return [
    { key: `account:${keys.account}`, max: MAX_FAILURES_PER_ACCOUNT },
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
}

export async function clearSignInFailures(client: Db, account: string): Promise<void> {
  await client.signInThrottle.deleteMany({ where: { key: `account:${account}` } });
}
