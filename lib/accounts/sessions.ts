import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import { activityIsStale, noteActivity } from "./activity";

// Server-side sessions. The cookie only carries a session id; each request checks that the
// session has not ended, so a copied cookie stops working as soon as its session ends.

/** A session unused this long has ended (the cookie's own expiry does not extend it). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** No session lives longer than this after sign-in, however busy. */
export const SESSION_MAX_MS = 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so busy pages do not write on every request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export type SessionEndReason = "signed out" | "signed out everywhere" | "password changed" | "password reset" | "roles changed" | "blocked";

export async function startSession(accountId: string, options: { userAgent?: string | null; now?: Date } = {}, client: Db = defaultDb()) {
  const now = options.now ?? new Date();
  return client.session.create({
    data: {
      accountId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
      userAgent: options.userAgent?.slice(0, 300) ?? null,
    },
  });
}

export type LiveSession = {
  sessionId: string;
  account: {
    id: string;
    username: string;
    name: string;
    isSysadmin: boolean;
    isPeopleAdmin: boolean;
    mustChangePassword: boolean;
  };
};

/**
 * The session behind a cookie, with its account, or null when the session ended, expired, went
 * idle, or its account was blocked or deleted. Read on every request.
 */
export async function loadLiveSession(
  sessionId: unknown,
  options: { now?: Date } = {},
  client: Db = defaultDb(),
): Promise<LiveSession | null> {
  if (typeof sessionId !== "string" || !z.uuid().safeParse(sessionId).success) return null;
  const now = options.now ?? new Date();
  const session = await client.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      endedAt: true,
      expiresAt: true,
      lastSeenAt: true,
      account: {
        select: {
          id: true,
          username: true,
          givenName: true,
          familyName: true,
          state: true,
          isSysadmin: true,
          isPeopleAdmin: true,
          mustChangePassword: true,
          lastActiveAt: true,
        },
      },
    },
  });
  if (!session || session.endedAt || session.account.state !== "ACTIVE") return null;
  if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await client.session.updateMany({ where: { id: session.id, endedAt: null }, data: { lastSeenAt: now } });
  }
  // Read with the session anyway: a write only once an hour per account.
  if (activityIsStale(session.account.lastActiveAt, now)) await noteActivity(session.account.id, now, client);
  const { account } = session;
  return {
    sessionId: session.id,
    account: {
      id: account.id,
      username: account.username,
      name: `${account.givenName} ${account.familyName}`,
      isSysadmin: account.isSysadmin,
      isPeopleAdmin: account.isPeopleAdmin,
      mustChangePassword: account.mustChangePassword,
    },
  };
}

/** Ends one session (sign-out). Ending an ended or unknown session is a no-op. */
export async function endSession(sessionId: unknown, why: SessionEndReason = "signed out", client: Db | Tx = defaultDb()): Promise<void> {
  if (typeof sessionId !== "string" || !z.uuid().safeParse(sessionId).success) return;
  await client.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date(), endedWhy: why } });
}

/** Ends every open session of an account, but `exceptSessionId` (the one making the change). */
export async function endAccountSessions(
  client: Db | Tx,
  accountId: string | string[],
  why: SessionEndReason,
  exceptSessionId?: string | null,
): Promise<number> {
  const { count } = await client.session.updateMany({
    where: {
      accountId: Array.isArray(accountId) ? { in: accountId } : accountId,
      endedAt: null,
      ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}),
    },
    data: { endedAt: new Date(), endedWhy: why },
  });
  return count;
}

/** The account's sessions that may still be in use, newest first (My account). */
export async function listOpenSessions(accountId: string, options: { now?: Date } = {}, client: Db = defaultDb()) {
  const now = options.now ?? new Date();
  return client.session.findMany({
    where: { accountId, endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_MS) } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true },
    take: 50,
  });
}

/** "Sign out everywhere": every session of the account ends, this one included. */
export async function signOutEverywhere(accountId: string, client: Db = defaultDb()): Promise<number> {
  return endAccountSessions(client, accountId, "signed out everywhere");
}
