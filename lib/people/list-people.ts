import { db as defaultDb, type Db } from "../db/client";
import { peopleOrderBy, peopleWhere, type PeopleQuery } from "./people-query";

export const personRowSelect = {
  id: true,
  username: true,
  email: true,
  givenName: true,
  familyName: true,
  state: true,
  blockedReason: true,
  createdAt: true,
  lastSignInAt: true,
  area: { select: { id: true, name: true, pool: true } },
} as const;

/** One page of the People list, paged, sorted and filtered in the database. */
export async function listPeople(query: PeopleQuery, client: Db = defaultDb()) {
  const where = peopleWhere(query);
  // Page the ids first (an index-only scan for the default sort), then read the page's rows:
  // a deep page then skips index entries instead of whole rows.
  const [total, page] = await Promise.all([
    client.account.count({ where }),
    client.account.findMany({
      where,
      orderBy: peopleOrderBy(query),
      skip: (query.page - 1) * query.size,
      take: query.size,
      select: { id: true },
    }),
  ]);
  const found = await client.account.findMany({ where: { id: { in: page.map((p) => p.id) } }, select: personRowSelect });
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows = page.map((p) => byId.get(p.id)).filter((row) => row !== undefined);
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / query.size)) };
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof listPeople>>["rows"][number]>;
