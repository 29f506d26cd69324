import "server-only";
import { areaNameKey } from "../areas/area-name";
import { findAreaByName, findPrimaryArea } from "../areas/find-area";
import { areaDecidedByGroups } from "../directory-groups/group-areas";
import type { Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import {
  AccountNotFoundError,
  AreaNotFoundError,
  DuplicateAccountError,
  InvalidInputError,
  NotAllowedError,
  activateWaitingAccounts,
  applyDirectoryActiveState,
  SYNC_RUN_HAS_WORK_SQL,
  createAccount,
  directoryActiveStateMayChange,
  deleteAccount,
  moveAccount,
  SeatLimitError,
  updateAccountProfile,
  type Actor,
} from "../licensing";
import { selectAttributes } from "./attribute-selection";
import { listResponse } from "./discovery";
import { filterToSql, resolveAttributeText } from "./filter-sql";
import type { ListQuery } from "./list-query";
import { applyPatch } from "./patch";
import { assertIfMatch } from "./preconditions";
import { ScimError } from "./scim-error";
import { USER_FILTER_SCHEMA } from "./user-attributes";
import { toScimUser, USER_SCHEMA, type AccountForScim, type DirectoryUser } from "./user-resource";

// The Users resource, through lib/licensing for everything that touches seats. Every write is
// also a sync run: waiting accounts are activated (oldest first) before it, so a newcomer never
// takes a seat ahead of them, and after it, so a seat it freed is used at once. A creation needs
// no run before it: createAccount ("wait") queues a newcomer behind anyone already waiting, and
// the run after it then activates them in order.

const accountInclude = { area: { select: { name: true, pool: true } } } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toScimError(error: unknown): never {
  if (error instanceof ScimError) throw error;
  if (error instanceof DuplicateAccountError) throw new ScimError(409, error.message, "uniqueness");
  if (error instanceof InvalidInputError) {
    const fields: Record<string, string> = {
      username: "userName",
      email: "emails",
      givenName: "name.givenName",
      familyName: "name.familyName",
      displayName: "displayName",
      externalId: "externalId",
    };
    throw new ScimError(
      400,
      Object.entries(error.fieldErrors)
        .map(([f, m]) => `${fields[f] ?? f}: ${m.join(", ")}`)
        .join("; "),
      "invalidValue",
    );
  }
  if (error instanceof AccountNotFoundError) throw new ScimError(404, "No such user.");
  if (error instanceof AreaNotFoundError) throw new ScimError(400, error.message, "invalidValue");
  // A guard rail (the last active sysadmin, say): the directory's change conflicts with the site.
  if (error instanceof NotAllowedError) throw new ScimError(409, error.message);
  throw error;
}

type AreaRef = { id: string; name: string };

// The primary area is never deleted (lib/areas/manage-areas.ts), so its id is kept per process
// and database client once found: most directory users live there, and creates looked it up each
// time. (A rename shows in a refused move's message once this process looks it up again.)
const primaryAreas = new WeakMap<Db, AreaRef>();

async function areaFor(client: Db, name: string | null): Promise<AreaRef> {
  if (!name) {
    const known = primaryAreas.get(client);
    if (known) return known;
  }
  const area = name ? await findAreaByName(name, client) : await findPrimaryArea(client);
  if (!area) throw new ScimError(400, name ? `Unknown area "${name}".` : "The site has no primary area.", "invalidValue");
  if (!name) primaryAreas.set(client, { id: area.id, name: area.name });
  return area;
}

type FoundRow = Omit<AccountForScim, "area"> & { areaName: string; areaPool: "PRIMARY" | "EXTRANET" };

/** A user and its area, as FoundRow (from "Account" a JOIN "Area" ar). */
const FOUND_COLUMNS = Prisma.sql`a.id, a.username, a.email, a."givenName", a."familyName", a."displayName", a."externalId",
  a.state::text AS state, a."blockedReason"::text AS "blockedReason", a."createdAt", a."updatedAt", ar.name AS "areaName",
  ar.pool::text AS "areaPool"`;

function foundAccount(row: FoundRow): AccountForScim {
  const { areaName, areaPool, ...account } = row;
  return { ...account, area: { name: areaName, pool: areaPool } };
}

/** One user and its area in one query (an include would cost a second one). */
async function findAccount(client: Db, id: string): Promise<AccountForScim> {
  if (!UUID.test(id)) throw new ScimError(404, `No user with id ${id}.`);
  const [row] = await client.$queryRaw<FoundRow[]>`
    -- prepared: scim-find-user
    SELECT ${FOUND_COLUMNS}
    FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE a.id = ${id}::uuid`;
  if (!row) throw new ScimError(404, `No user with id ${id}.`);
  return foundAccount(row);
}

/**
 * The user a PUT or PATCH changes, and whether the sync run reconcile starts with has work, in
 * the same query: during a directory's push that run nearly always finds nothing.
 */
async function findAccountToChange(client: Db, id: string): Promise<{ found: AccountForScim; syncRunHasWork: boolean }> {
  if (!UUID.test(id)) throw new ScimError(404, `No user with id ${id}.`);
  const [row] = await client.$queryRaw<(FoundRow & { syncRunHasWork: boolean })[]>`
    -- prepared: scim-find-user-to-change
    SELECT ${FOUND_COLUMNS}, ${SYNC_RUN_HAS_WORK_SQL} AS "syncRunHasWork"
    FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE a.id = ${id}::uuid`;
  if (!row) throw new ScimError(404, `No user with id ${id}.`);
  const { syncRunHasWork, ...found } = row;
  return { found: foundAccount(found), syncRunHasWork };
}

function asDirectoryUser(account: AccountForScim): DirectoryUser {
  return {
    userName: account.username,
    externalId: account.externalId,
    givenName: account.givenName,
    familyName: account.familyName,
    displayName: account.displayName,
    email: account.email,
    active: account.state === "ACTIVE" || account.blockedReason === "NO_SEAT",
    area: account.area.pool === "PRIMARY" ? null : account.area.name,
  };
}

export async function syncRun(client: Db, actor: Actor) {
  return activateWaitingAccounts({ actor }, client);
}

function orderOf(query: ListQuery): Prisma.Sql {
  const direction = Prisma.raw(query.sortOrder === "descending" ? "DESC" : "ASC");
  // The default order is creation, on the (createdAt, id) index; the id makes every order total,
  // so pages neither repeat nor skip a user while nothing changes.
  if (!query.sortBy) return Prisma.sql`a."createdAt" ASC, a."id" ASC`;
  let column;
  try {
    column = resolveAttributeText(query.sortBy, USER_FILTER_SCHEMA);
  } catch (error) {
    if (error instanceof ScimError) throw new ScimError(400, `Cannot sort by "${query.sortBy}": ${error.message}`, "invalidValue");
    throw error;
  }
  if (!column) throw new ScimError(400, `sortBy "${query.sortBy}" is not an attribute name.`, "invalidValue");
  // caseExact false sorts case-insensitively (RFC 7644 3.4.2.3), by code point on every server.
  const folded = column.type === "string" && !column.caseExact && !column.storedLowerCase;
  const key = folded ? Prisma.sql`lower(${column.sql}) COLLATE "C"` : column.sql;
  return Prisma.sql`${key} ${direction}, a."id" ${direction}`;
}

/** The SQL of one page of user ids and of the total, for a list query (exported for EXPLAIN in tests). */
export function userListSql(query: ListQuery): { page: Prisma.Sql; total: Prisma.Sql } {
  const where = query.filter ? filterToSql(query.filter, USER_FILTER_SCHEMA) : Prisma.sql`TRUE`;
  return {
    page: Prisma.sql`SELECT a."id" FROM "Account" a WHERE ${where} ORDER BY ${orderOf(query)} OFFSET ${query.startIndex - 1} LIMIT ${query.count}`,
    total: Prisma.sql`SELECT count(*)::int AS total FROM "Account" a WHERE ${where}`,
  };
}

export async function listUsers(client: Db, baseUrl: string, query: ListQuery) {
  const sql = userListSql(query);
  const [[{ total }], page] = await Promise.all([
    client.$queryRaw<{ total: number }[]>(sql.total),
    query.count === 0 ? Promise.resolve([]) : client.$queryRaw<{ id: string }[]>(sql.page),
  ]);
  const accounts = page.length
    ? await client.account.findMany({ where: { id: { in: page.map((r) => r.id) } }, include: accountInclude })
    : [];
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const rows = page.flatMap((r) => byId.get(r.id) ?? []); // one deleted in between is left out
  return listResponse(
    rows.map((r) => selectAttributes(toScimUser(r, baseUrl), query, USER_SCHEMA)),
    total,
    query.startIndex,
  );
}

export async function getUser(client: Db, baseUrl: string, id: string) {
  return toScimUser(await findAccount(client, id), baseUrl);
}

export async function createUser(client: Db, baseUrl: string, actor: Actor, user: DirectoryUser) {
  const area = await areaFor(client, user.area);
  const account = await createAccount(
    {
      actor,
      source: "DIRECTORY",
      whenFull: "wait",
      blocked: user.active ? undefined : { reason: "DIRECTORY" },
      account: {
        username: user.userName,
        email: user.email,
        givenName: user.givenName,
        familyName: user.familyName,
        displayName: user.displayName,
        areaId: area.id,
        externalId: user.externalId ?? undefined,
      },
    },
    client,
  ).catch(toScimError);
  // createAccount returns the row it committed, with its area: no need to read it again, unless
  // it waits and the sync run (which only a waiting newcomer needs) activated it.
  if (account.blockedReason === "NO_SEAT") {
    const activated = await syncRun(client, actor);
    if (activated.some((a) => a.id === account.id)) return toScimUser(await findAccount(client, account.id), baseUrl);
  }
  return toScimUser(account, baseUrl);
}

/**
 * Whether the directory's area is the one the account is in. null is the primary area, the only
 * area of the primary pool (lib/areas/manage-areas.ts never makes a second one).
 */
function sameArea(current: AccountForScim, wanted: string | null) {
  if (wanted === null) return current.area.pool === "PRIMARY";
  return areaNameKey(wanted) === areaNameKey(current.area.name);
}

/**
 * Makes an account match what the directory says (PUT, or PATCH after its ops are applied), and
 * returns it as it now is. Only the steps that can change something run: a PATCH of names does
 * not open the seat transaction or look the area up, and the sync run after the write runs only
 * when the write freed a seat or queued this account for one.
 */
async function reconcile(
  client: Db,
  actor: Actor,
  { found, syncRunHasWork }: { found: AccountForScim; syncRunHasWork: boolean },
  wanted: DirectoryUser,
): Promise<AccountForScim> {
  // The sync run first, when the read of the account found it has work; it may activate this
  // very account.
  const early = syncRunHasWork ? await syncRun(client, actor) : [];
  const current = early.some((a) => a.id === found.id) ? await findAccount(client, found.id) : found;
  const profile = {
    username: wanted.userName,
    email: wanted.email,
    givenName: wanted.givenName,
    familyName: wanted.familyName,
    displayName: wanted.displayName,
    externalId: wanted.externalId,
  };
  const profileDiffers = Object.entries(profile).some(
    ([key, value]) => value !== undefined && current[key as keyof typeof profile] !== value,
  );
  // A person in a mapped group lives where the group decides (groups.ts): the User's area is ignored.
  const moves = !sameArea(current, wanted.area) && !(await areaDecidedByGroups(client, current.id));
  const stateMayChange = directoryActiveStateMayChange(current, wanted.active);
  let latest = current;
  let freedSeat = false;
  let queued = false;
  try {
    if (profileDiffers) {
      const updated = await updateAccountProfile({ actor, accountId: current.id, profile }, client);
      latest = updated.account;
    }
    if (moves) {
      const area = await areaFor(client, wanted.area);
      const moved = await moveAccount({ actor, accountId: current.id, areaId: area.id }, client).catch(async (error) => {
        // No seat in the target pool: the move is refused (and audited), the rest still applies.
        if (!(error instanceof SeatLimitError)) throw error;
        throw new ScimError(409, `Cannot move the account to "${area.name}": ${error.message}`, "mutability");
      });
      if (moved.changed) {
        latest = moved.account;
        freedSeat = current.state === "ACTIVE";
      }
    }
    if (stateMayChange) {
      const applied = await applyDirectoryActiveState({ actor, accountId: current.id, active: wanted.active }, client);
      latest = applied.account;
      freedSeat ||= applied.changed && latest.state !== "ACTIVE" && current.state === "ACTIVE";
      // It waits (queued now, or refused again): a seat freed while the statement ran is given
      // out by the run below (directory-activation.ts).
      queued = latest.blockedReason === "NO_SEAT";
    }
  } catch (error) {
    toScimError(error);
  }
  // A seat it freed goes to the oldest waiting account at once; this account may be that one.
  if (freedSeat || queued) {
    const activated = await syncRun(client, actor);
    if (activated.some((a) => a.id === current.id)) latest = await findAccount(client, current.id);
  }
  return latest;
}

/** The If-Match precondition of a write, checked against the version the client would see. */
type Preconditions = { ifMatch: string | null };

function assertCurrent(current: AccountForScim, baseUrl: string, preconditions: Preconditions) {
  assertIfMatch(preconditions.ifMatch, toScimUser(current, baseUrl).meta.version);
}

export async function replaceUser(
  client: Db,
  baseUrl: string,
  actor: Actor,
  id: string,
  wanted: DirectoryUser,
  preconditions: Preconditions = { ifMatch: null },
) {
  const current = await findAccountToChange(client, id);
  assertCurrent(current.found, baseUrl, preconditions);
  return toScimUser(await reconcile(client, actor, current, wanted), baseUrl);
}

export async function patchUser(
  client: Db,
  baseUrl: string,
  actor: Actor,
  id: string,
  body: unknown,
  preconditions: Preconditions = { ifMatch: null },
) {
  const current = await findAccountToChange(client, id);
  assertCurrent(current.found, baseUrl, preconditions);
  const wanted = applyPatch(asDirectoryUser(current.found), body);
  return toScimUser(await reconcile(client, actor, current, wanted), baseUrl);
}

export async function deleteUser(client: Db, baseUrl: string, actor: Actor, id: string, preconditions: Preconditions = { ifMatch: null }) {
  assertCurrent(await findAccount(client, id), baseUrl, preconditions);
  await deleteAccount({ actor, accountId: id }, client).catch(toScimError);
  await syncRun(client, actor);
}
