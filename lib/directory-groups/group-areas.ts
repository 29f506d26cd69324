import "server-only";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { activateWaitingAccounts, moveAccountsForDirectory, type Actor } from "../licensing";

// Membership decides the area: an account in at least one mapped group lives in the area of the
// first of those mappings (lowest rank); an account in no mapped group stays where it is.

/** A mapping matches a group by its name (case-insensitively) or by its external id (exactly). */
export const MAPPING_MATCHES_GROUP = Prisma.sql`(m."matchBy" = 'DISPLAY_NAME' AND m."matchKey" = g."displayNameKey")
  OR (m."matchBy" = 'EXTERNAL_ID' AND m."matchKey" = g."externalId")`;

/** The area the account's groups decide, or null when it is in no mapped group. */
export async function areaDecidedByGroups(client: Db | Tx, accountId: string): Promise<string | null> {
  const [first] = await client.$queryRaw<{ areaId: string }[]>`
    SELECT m."areaId"::text AS "areaId"
    FROM "ScimGroupMember" gm
    JOIN "ScimGroup" g ON g.id = gm."groupId"
    JOIN "GroupAreaMapping" m ON ${MAPPING_MATCHES_GROUP}
    WHERE gm."accountId" = ${accountId}::uuid
    ORDER BY m.rank, m."createdAt", m.id
    LIMIT 1`;
  return first?.areaId ?? null;
}

/**
 * Of these accounts, the ones whose groups decide an area other than the one they are in, with
 * their arrival time. One query without locks: each candidate is then read again under its lock
 * by the move itself.
 */
async function accountsToMove(client: Db, accountIds: string[]): Promise<{ id: string; createdAt: Date }[]> {
  return client.$queryRaw<{ id: string; createdAt: Date }[]>`
    SELECT w."accountId"::text AS id, a."createdAt" FROM (
      SELECT DISTINCT ON (gm."accountId") gm."accountId", m."areaId"
      FROM "ScimGroupMember" gm
      JOIN "ScimGroup" g ON g.id = gm."groupId"
      JOIN "GroupAreaMapping" m ON ${MAPPING_MATCHES_GROUP}
      WHERE gm."accountId" = ANY(${accountIds}::uuid[])
      ORDER BY gm."accountId", m.rank, m."createdAt", m.id
    ) w JOIN "Account" a ON a.id = w."accountId"
    WHERE a."areaId" <> w."areaId"`;
}

/** Arrival order (rule 4): the oldest account first, the id breaking ties. */
function byArrival(a: { id: string; createdAt: Date }, b: { id: string; createdAt: Date }): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export type GroupAreaOutcome = { moved: number; waiting: number; refused: string[]; activated: number };

const CHUNK = 5_000;

/**
 * Brings these accounts to the areas their groups decide, through lib/licensing: a free seat in
 * the target pool or a wait for one (rule 4). Waiting accounts are activated before (so a mover
 * never takes a seat ahead of them) and after (seats the moves freed go to the oldest waiting).
 */
export async function applyGroupAreas(client: Db, actor: Actor, accountIds: Iterable<string>, reason: string): Promise<GroupAreaOutcome> {
  const ids = [...new Set(accountIds)];
  const outcome: GroupAreaOutcome = { moved: 0, waiting: 0, refused: [], activated: 0 };
  if (ids.length === 0) return outcome;
  const found: { id: string; createdAt: Date }[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) found.push(...(await accountsToMove(client, ids.slice(i, i + CHUNK))));
  if (found.length === 0) return outcome;
  const candidates = found.sort(byArrival).map((c) => c.id);
  outcome.activated += (await activateWaitingAccounts({ actor }, client)).length;
  for (const result of await moveAccountsForDirectory({ actor, accountIds: candidates, areaFor: areaDecidedByGroups, reason }, client)) {
    if (result.outcome === "moved") outcome.moved++;
    else if (result.outcome === "waiting") outcome.waiting++;
    else if (result.outcome === "refused") outcome.refused.push(result.detail ?? "refused");
  }
  outcome.activated += (await activateWaitingAccounts({ actor }, client)).length;
  return outcome;
}

/** Every account in a group that this mapping key matches (for a mapping's change). */
export async function membersOfMatchingGroups(client: Db, match: { matchBy: "DISPLAY_NAME" | "EXTERNAL_ID"; matchKey: string }[]) {
  if (match.length === 0) return [];
  const names = match.filter((m) => m.matchBy === "DISPLAY_NAME").map((m) => m.matchKey);
  const externalIds = match.filter((m) => m.matchBy === "EXTERNAL_ID").map((m) => m.matchKey);
  const rows = await client.scimGroupMember.findMany({
    where: { group: { OR: [{ displayNameKey: { in: names } }, { externalId: { in: externalIds } }] } },
    select: { accountId: true },
    distinct: ["accountId"],
  });
  return rows.map((r) => r.accountId);
}
