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
  const [total, rows] = await Promise.all([
    client.account.count({ where }),
    client.account.findMany({
      where,
      orderBy: peopleOrderBy(query),
      skip: (query.page - 1) * query.size,
      take: query.size,
      select: personRowSelect,
    }),
  ]);
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / query.size)) };
}

export type PersonRow = Awaited<ReturnType<typeof listPeople>>["rows"][number];
