import "server-only";
import { findAreaByName, findPrimaryArea } from "../areas/find-area";
import { areaDecidedByGroups } from "../directory-groups/group-areas";
import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import {
  AccountNotFoundError,
  AreaNotFoundError,
  DuplicateAccountError,
  InvalidInputError,
  NotAllowedError,
  activateWaitingAccounts,
  applyDirectoryActiveState,
  createAccount,
  deleteAccount,
  moveAccount,
  SeatLimitError,
  updateAccountProfile,
  type Actor,
} from "../licensing";
import { listResponse } from "./discovery";
import type { FilterClause } from "./filter";
import { applyPatch } from "./patch";
import { ScimError } from "./scim-error";
import { toScimUser, type AccountForScim, type DirectoryUser } from "./user-resource";

// The Users resource, through lib/licensing for everything that touches seats. Every write is
// also a sync run: waiting accounts are activated (oldest first) before it, so a newcomer never
// takes a seat ahead of them, and after it, so a seat it freed is used at once.

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

async function areaFor(client: Db, name: string | null) {
  const area = name ? await findAreaByName(name, client) : await findPrimaryArea(client);
  if (!area) throw new ScimError(400, name ? `Unknown area "${name}".` : "The site has no primary area.", "invalidValue");
  return area;
}

async function findAccount(client: Db, id: string): Promise<AccountForScim> {
  const account = UUID.test(id) ? await client.account.findUnique({ where: { id }, include: accountInclude }) : null;
  if (!account) throw new ScimError(404, `No user with id ${id}.`);
  return account;
}

function asDirectoryUser(account: AccountForScim): DirectoryUser {
  return {
    userName: account.username,
    externalId: account.externalId,
    givenName: account.givenName,
    familyName: account.familyName,
    email: account.email,
    active: account.state === "ACTIVE" || account.blockedReason === "NO_SEAT",
    area: account.area.pool === "PRIMARY" ? null : account.area.name,
  };
}

export async function syncRun(client: Db, actor: Actor) {
  return activateWaitingAccounts({ actor }, client);
}

export async function listUsers(client: Db, baseUrl: string, query: { filter: FilterClause[]; startIndex: number; count: number }) {
  const and: Prisma.AccountWhereInput[] = query.filter.map(({ attribute, value }) => {
    switch (attribute) {
      // Exact comparisons: user names and e-mails are stored lower-case, so lowering the value is
      // the case-insensitive match; a pattern match (ILIKE) would read % and _ as wildcards.
      case "userName":
        return { username: String(value).toLowerCase() };
      case "externalId":
        return { externalId: String(value) };
      case "emails.value":
        return { email: String(value).toLowerCase() };
      case "id":
        return UUID.test(String(value)) ? { id: String(value) } : { id: { in: [] } };
      case "active":
        return value ? { state: "ACTIVE" } : { state: "BLOCKED" };
    }
  });
  const where: Prisma.AccountWhereInput = and.length ? { AND: and } : {};
  const [total, rows] = await Promise.all([
    client.account.count({ where }),
    query.count === 0
      ? Promise.resolve([])
      : client.account.findMany({
          where,
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          skip: query.startIndex - 1,
          take: query.count,
          include: accountInclude,
        }),
  ]);
  return listResponse(
    rows.map((r) => toScimUser(r, baseUrl)),
    total,
    query.startIndex,
  );
}

export async function getUser(client: Db, baseUrl: string, id: string) {
  return toScimUser(await findAccount(client, id), baseUrl);
}

export async function createUser(client: Db, baseUrl: string, actor: Actor, user: DirectoryUser) {
  const area = await areaFor(client, user.area);
  await syncRun(client, actor);
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
        areaId: area.id,
        externalId: user.externalId ?? undefined,
      },
    },
    client,
  ).catch(toScimError);
  return toScimUser(await findAccount(client, account.id), baseUrl);
}

/** Makes an account match what the directory says (PUT, or PATCH after its ops are applied). */
async function reconcile(client: Db, actor: Actor, current: AccountForScim, wanted: DirectoryUser) {
  await syncRun(client, actor);
  try {
    await updateAccountProfile(
      {
        actor,
        accountId: current.id,
        profile: {
          username: wanted.userName,
          email: wanted.email,
          givenName: wanted.givenName,
          familyName: wanted.familyName,
          externalId: wanted.externalId,
        },
      },
      client,
    );
    const area = await areaFor(client, wanted.area);
    // A person in a mapped group lives where the group decides (groups.ts): the User's area is ignored.
    if (area.name !== current.area.name && !(await areaDecidedByGroups(client, current.id))) {
      await moveAccount({ actor, accountId: current.id, areaId: area.id }, client).catch(async (error) => {
        // No seat in the target pool: the move is refused (and audited), the rest still applies.
        if (!(error instanceof SeatLimitError)) throw error;
        throw new ScimError(409, `Cannot move the account to "${area.name}": ${error.message}`, "mutability");
      });
    }
    await applyDirectoryActiveState({ actor, accountId: current.id, active: wanted.active }, client);
  } catch (error) {
    toScimError(error);
  }
  await syncRun(client, actor);
}

export async function replaceUser(client: Db, baseUrl: string, actor: Actor, id: string, wanted: DirectoryUser) {
  const current = await findAccount(client, id);
  await reconcile(client, actor, current, wanted);
  return toScimUser(await findAccount(client, id), baseUrl);
}

export async function patchUser(client: Db, baseUrl: string, actor: Actor, id: string, body: unknown) {
  const current = await findAccount(client, id);
  const wanted = applyPatch(asDirectoryUser(current), body);
  await reconcile(client, actor, current, wanted);
  return toScimUser(await findAccount(client, id), baseUrl);
}

export async function deleteUser(client: Db, actor: Actor, id: string) {
  await findAccount(client, id);
  await deleteAccount({ actor, accountId: id }, client).catch(toScimError);
  await syncRun(client, actor);
}
