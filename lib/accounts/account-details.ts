import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { isDirectoryManaged } from "../licensing";

/** One account as its page shows it: profile, area and pool, state, roles, where it came from. */
export async function getAccountDetails(accountId: string, client: Db = defaultDb()) {
  if (!z.uuid().safeParse(accountId).success) return null;
  const account = await client.account.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      username: true,
      email: true,
      givenName: true,
      familyName: true,
      state: true,
      blockedReason: true,
      blockedAt: true,
      waitingSince: true,
      source: true,
      externalId: true,
      displayName: true,
      isSysadmin: true,
      isPeopleAdmin: true,
      mustChangePassword: true,
      passwordChangedAt: true,
      createdAt: true,
      lastSignInAt: true,
      lastActiveAt: true,
      area: { select: { id: true, name: true, pool: true } },
    },
  });
  if (!account) return null;
  return { ...account, directoryManaged: isDirectoryManaged(account) };
}

export const HISTORY_PAGE_SIZE = 20;

/** The account's audit events, newest first, one page at a time. */
export async function getAccountHistory(accountId: string, page: number, client: Db = defaultDb()) {
  const where = { accountId };
  const [total, events] = await Promise.all([
    client.auditEvent.count({ where }),
    client.auditEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (page - 1) * HISTORY_PAGE_SIZE,
      take: HISTORY_PAGE_SIZE,
      select: { id: true, at: true, actorLabel: true, action: true, outcome: true, before: true, after: true, detail: true },
    }),
  ]);
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)),
    events: events.map((e) => ({ ...e, id: e.id.toString() })),
  };
}

/** User names of some accounts, by id (for per-account outcomes of a bulk action). */
export async function usernamesById(ids: string[], client: Db = defaultDb()): Promise<Map<string, string>> {
  const rows = await client.account.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } });
  return new Map(rows.map((r) => [r.id, r.username]));
}

/** An account's e-mail address (a contact for license requests), or "" when it is gone. */
export async function emailOf(accountId: string, client: Db = defaultDb()): Promise<string> {
  return (await client.account.findUnique({ where: { id: accountId }, select: { email: true } }))?.email ?? "";
}
