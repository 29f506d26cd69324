import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { peopleOrderBy, peopleWhere, type PeopleQuery } from "./people-query";

const personRowSelect = {
  id: true,
  username: true,
  email: true,
  givenName: true,
  familyName: true,
  state: true,
  blockedReason: true,
  createdAt: true,
  lastSignInAt: true,
  lastActiveAt: true,
  isSysadmin: true,
  area: { select: { id: true, name: true, pool: true } },
} as const;

const DEFERRED_JOIN_FROM = 1000;

/** One page of the People list, paged, sorted and filtered in the database. */
export async function listPeople(query: PeopleQuery, client: Db = defaultDb()) {
  const where = peopleWhere(query);
  const skip = (query.page - 1) * query.size;
  const orderBy = peopleOrderBy(query);
  const count = client.account.count({ where });
  if (skip < DEFERRED_JOIN_FROM) {
    const [total, rows] = await Promise.all([
      count,
      client.account.findMany({ where, orderBy, skip, take: query.size, select: personRowSelect }),
    ]);
    return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / query.size)) };
  }
  // A deep page: page the ids first (an index-only scan for the default sort), then read the
  // page's rows, so the skipped entries are index entries rather than whole rows.
  const [total, page] = await Promise.all([
    count,
    client.account.findMany({ where, orderBy, skip, take: query.size, select: { id: true } }),
  ]);
  const found = await client.account.findMany({ where: { id: { in: page.map((p) => p.id) } }, select: personRowSelect });
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows = page.map((p) => byId.get(p.id)).filter((row) => row !== undefined);
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / query.size)) };
}
