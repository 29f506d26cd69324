import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";

/** Last activity is written at most this often per account, so busy pages cost no writes. */
export const ACTIVITY_EVERY_MS = 60 * 60 * 1000;

/** Whether an account last seen at `lastActiveAt` needs its last activity written now. */
export function activityIsStale(lastActiveAt: Date | null, now: Date): boolean {
  return lastActiveAt === null || now.getTime() - lastActiveAt.getTime() >= ACTIVITY_EVERY_MS;
}

/**
 * Records that the account was used at `now` (sign-in or session use), unless it was recorded
 * less than an hour ago. Raw SQL so that updatedAt (the SCIM ETag) does not move: using the
 * console is not a change to the account. The condition is repeated in SQL, so concurrent
 * requests write once.
 */
export async function noteActivity(accountId: string, now: Date, client: Db | Tx = defaultDb()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - ACTIVITY_EVERY_MS);
  const changed = await client.$executeRaw`
    UPDATE "Account" SET "lastActiveAt" = ${now}
    WHERE id = ${accountId}::uuid AND ("lastActiveAt" IS NULL OR "lastActiveAt" <= ${cutoff})`;
  return changed > 0;
}
