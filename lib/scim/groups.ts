import "server-only";
import type { Db, Tx } from "../db/client";
import { applyGroupAreas } from "../directory-groups/group-areas";
import { Prisma } from "../generated/prisma/client";
import type { Actor } from "../licensing";
import { selectAttributes } from "./attribute-selection";
import { listResponse } from "./discovery";
import { filterToSql, sortKeySql } from "./filter-sql";
import { GROUP_FILTER_SCHEMA } from "./group-attributes";
import { applyGroupPatch, type GroupState } from "./group-patch";
import { GROUP_SCHEMA, groupEtag, isUuid, readGroupResource, selectsMembers, toScimGroup, type GroupForScim } from "./group-resource";
import {
  attributeSelectionFromUrl,
  listQueryFromSearchRequest,
  listQueryFromUrl,
  type AttributeSelection,
  type ListQuery,
} from "./list-query";
import type { ScimReply } from "./handle-request";
import { ScimError } from "./scim-error";

// The Groups resource. Groups and their members are kept as the directory sends them; a group a
// sysadmin mapped to an area decides where its members live, so every membership change (and a
// rename, which can make a mapping start or stop matching) re-decides the area of the people it
// touched, through lib/licensing (directory-groups/group-areas.ts).

export type GroupsRoute = {
  method: string;
  /** The group id from /Groups/{id}, if any. */
  id: string | undefined;
  url: URL;
  baseUrl: string;
  actor: Actor;
  client: Db;
  readBody: () => Promise<unknown>;
  /** Unused: list queries (paging, filter, sorting, attributes) are read from url or a .search body. */
  paging?: unknown;
  json: (status: number, body: unknown, extra?: Record<string, string>) => ScimReply;
};

const groupSelect = { id: true, displayName: true, externalId: true, version: true, createdAt: true, updatedAt: true } as const;

async function membersOf(client: Db | Tx, groupIds: string[]) {
  const rows = await client.scimGroupMember.findMany({
    where: { groupId: { in: groupIds } },
    orderBy: [{ addedAt: "asc" }, { accountId: "asc" }],
    select: { groupId: true, account: { select: { id: true, username: true } } },
  });
  const byGroup = new Map<string, { id: string; username: string }[]>(groupIds.map((id) => [id, []]));
  for (const row of rows) byGroup.get(row.groupId)!.push(row.account);
  return byGroup;
}

async function render(client: Db, baseUrl: string, group: GroupForScim, selection: AttributeSelection) {
  const members = selectsMembers(selection) ? (await membersOf(client, [group.id])).get(group.id)! : null;
  return selectAttributes(toScimGroup(group, members, baseUrl), selection, GROUP_SCHEMA);
}

async function findGroup(client: Db, id: string): Promise<GroupForScim> {
  const group = isUuid(id) ? await client.scimGroup.findUnique({ where: { id }, select: groupSelect }) : null;
  if (!group) throw new ScimError(404, `No group with id ${id}.`);
  return group;
}

type Written = { group: GroupForScim; touched: Set<string>; reason: string };

/**
 * Creates (id null) or changes a group in one transaction, under the group's row lock: the new
 * state is decided from the current one (PUT, PATCH), members are checked to be users, names and
 * external ids to be free. Nothing is written when anything is refused.
 */
async function writeGroup(
  client: Db,
  id: string | null,
  ifMatch: string | null,
  decide: (current: GroupState) => GroupState,
): Promise<Written> {
  try {
    return await client.$transaction(
      async (tx) => {
        let current: GroupState = { displayName: "", externalId: null, members: new Set() };
        if (id !== null) {
          const locked = isUuid(id)
            ? await tx.$queryRaw<{ version: number }[]>`SELECT version FROM "ScimGroup" WHERE id = ${id}::uuid FOR UPDATE`
            : [];
          if (locked.length === 0) throw new ScimError(404, `No group with id ${id}.`);
          if (ifMatch !== null && ifMatch.trim() !== "*" && ifMatch.trim() !== groupEtag(locked[0]))
            throw new ScimError(412, `The group changed since ${ifMatch} (it is now ${groupEtag(locked[0])}): read it again.`);
          const row = await tx.scimGroup.findUniqueOrThrow({ where: { id }, select: { displayName: true, externalId: true } });
          const members = await tx.scimGroupMember.findMany({ where: { groupId: id }, select: { accountId: true } });
          current = { ...row, members: new Set(members.map((m) => m.accountId)) };
        }
        const wanted = decide(current);
        const added = [...wanted.members].filter((m) => !current.members.has(m));
        const removed = [...current.members].filter((m) => !wanted.members.has(m));
        const badIds = added.filter((m) => !isUuid(m));
        const known = new Set(
          (await tx.account.findMany({ where: { id: { in: added.filter(isUuid) } }, select: { id: true } })).map((a) => a.id),
        );
        const unknown = [...badIds, ...added.filter((m) => isUuid(m) && !known.has(m))];
        if (unknown.length) {
          const shown = unknown.slice(0, 5).join(", ") + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : "");
          throw new ScimError(400, `No user with id ${shown}: members must be users provisioned on /Users first.`, "invalidValue");
        }
        const data = { displayName: wanted.displayName, displayNameKey: wanted.displayName.toLowerCase(), externalId: wanted.externalId };
        const clash = await tx.scimGroup.findFirst({
          where: {
            OR: [{ displayNameKey: data.displayNameKey }, ...(data.externalId ? [{ externalId: data.externalId }] : [])],
            ...(id !== null ? { NOT: { id } } : {}),
          },
          select: { displayNameKey: true },
        });
        if (clash) {
          throw new ScimError(
            409,
            clash.displayNameKey === data.displayNameKey
              ? `A group named "${wanted.displayName}" already exists (names are compared without regard to case).`
              : `A group with externalId "${wanted.externalId}" already exists.`,
            "uniqueness",
          );
        }
        const group =
          id === null
            ? await tx.scimGroup.create({ data, select: groupSelect })
            : await tx.scimGroup.update({ where: { id }, data: { ...data, version: { increment: 1 } }, select: groupSelect });
        if (removed.length) await tx.scimGroupMember.deleteMany({ where: { groupId: group.id, accountId: { in: removed } } });
        if (added.length)
          await tx.scimGroupMember.createMany({ data: added.map((accountId) => ({ groupId: group.id, accountId })), skipDuplicates: true });
        // A new name or external id can make a mapping start or stop matching: every member is concerned.
        const renamed =
          id !== null && (data.displayNameKey !== current.displayName.toLowerCase() || data.externalId !== current.externalId);
        const touched = new Set(renamed ? [...current.members, ...wanted.members] : [...added, ...removed]);
        return { group, touched, reason: `membership of group "${group.displayName}" changed in the directory` };
      },
      { timeout: 60_000 },
    ); // a PUT may carry thousands of members
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ScimError(409, "A group with this displayName or externalId already exists.", "uniqueness");
    throw error;
  }
}

async function afterWrite(route: GroupsRoute, written: Written, status: number): Promise<ScimReply> {
  await applyGroupAreas(route.client, route.actor, written.touched, written.reason);
  const body = await render(route.client, route.baseUrl, written.group, attributeSelectionFromUrl(route.url));
  return route.json(status, body, {
    etag: groupEtag(written.group),
    ...(status === 201 ? { location: `${route.baseUrl}/Groups/${written.group.id}` } : {}),
  });
}

/** The SQL of one page of groups and of the total, for a list query (exported for EXPLAIN in tests). */
export function groupListSql(query: ListQuery): { page: Prisma.Sql; total: Prisma.Sql } {
  const where = query.filter ? filterToSql(query.filter, GROUP_FILTER_SCHEMA) : Prisma.sql`TRUE`;
  const direction = Prisma.raw(query.sortOrder === "descending" ? "DESC" : "ASC");
  // The id makes every order total, so pages neither repeat nor skip a group while nothing changes.
  const order = query.sortBy
    ? Prisma.sql`${sortKeySql(query.sortBy, GROUP_FILTER_SCHEMA)} ${direction}, g."id" ${direction}`
    : Prisma.sql`g."createdAt" ASC, g."id" ASC`;
  return {
    page: Prisma.sql`SELECT g."id"::text AS id, g."displayName", g."externalId", g."version", g."createdAt", g."updatedAt"
      FROM "ScimGroup" g WHERE ${where} ORDER BY ${order} OFFSET ${query.startIndex - 1} LIMIT ${query.count}`,
    total: Prisma.sql`SELECT count(*)::int AS total FROM "ScimGroup" g WHERE ${where}`,
  };
}

async function listGroups(route: GroupsRoute, query: ListQuery): Promise<ScimReply> {
  const sql = groupListSql(query);
  const [[{ total }], groups] = await Promise.all([
    route.client.$queryRaw<{ total: number }[]>(sql.total),
    query.count === 0 ? Promise.resolve([]) : route.client.$queryRaw<GroupForScim[]>(sql.page),
  ]);
  const members =
    selectsMembers(query) && groups.length
      ? await membersOf(
          route.client,
          groups.map((g) => g.id),
        )
      : null;
  return route.json(
    200,
    listResponse(
      groups.map((g) => selectAttributes(toScimGroup(g, members?.get(g.id) ?? null, route.baseUrl), query, GROUP_SCHEMA)),
      total,
      query.startIndex,
    ),
  );
}

async function deleteGroup(route: GroupsRoute, id: string, ifMatch: string | null): Promise<ScimReply> {
  const former = await route.client.$transaction(async (tx) => {
    const locked = isUuid(id)
      ? await tx.$queryRaw<{ version: number; displayName: string }[]>`
      SELECT version, "displayName" FROM "ScimGroup" WHERE id = ${id}::uuid FOR UPDATE`
      : [];
    if (locked.length === 0) throw new ScimError(404, `No group with id ${id}.`);
    if (ifMatch !== null && ifMatch.trim() !== "*" && ifMatch.trim() !== groupEtag(locked[0]))
      throw new ScimError(412, `The group changed since ${ifMatch} (it is now ${groupEtag(locked[0])}): read it again.`);
    const members = await tx.scimGroupMember.findMany({ where: { groupId: id }, select: { accountId: true } });
    await tx.scimGroup.delete({ where: { id } });
    return { name: locked[0].displayName, members: members.map((m) => m.accountId) };
  });
  // Its members are re-decided from their other groups; in none that is mapped, they stay.
  await applyGroupAreas(route.client, route.actor, former.members, `group "${former.name}" was deleted in the directory`);
  return route.json(204, null);
}

/** /Groups and /Groups/{id}: every method, with SCIM errors for anything refused. */
export async function routeGroups(route: GroupsRoute, ifMatch: string | null): Promise<ScimReply> {
  const { method, id, client } = route;
  const notAllowed = () => new ScimError(405, `${method} is not supported on /Groups${id ? "/{id}" : ""}.`);
  if (!id) {
    if (method === "GET") return listGroups(route, listQueryFromUrl(route.url));
    if (method === "POST") {
      const resource = readGroupResource(await route.readBody());
      const written = await writeGroup(client, null, null, () => ({ ...resource, members: new Set(resource.memberIds) }));
      return afterWrite(route, written, 201);
    }
    throw notAllowed();
  }
  if (id === ".search") {
    if (method !== "POST") throw notAllowed();
    return listGroups(route, listQueryFromSearchRequest(await route.readBody()));
  }
  switch (method) {
    case "GET": {
      const group = await findGroup(client, id);
      return route.json(200, await render(client, route.baseUrl, group, attributeSelectionFromUrl(route.url)), { etag: groupEtag(group) });
    }
    case "PUT": {
      const resource = readGroupResource(await route.readBody());
      return afterWrite(route, await writeGroup(client, id, ifMatch, () => ({ ...resource, members: new Set(resource.memberIds) })), 200);
    }
    case "PATCH": {
      const body = await route.readBody();
      return afterWrite(route, await writeGroup(client, id, ifMatch, (current) => applyGroupPatch(current, body)), 200);
    }
    case "DELETE":
      return deleteGroup(route, id, ifMatch);
    default:
      throw notAllowed();
  }
}
