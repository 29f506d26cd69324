import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { readAccountTally, tallyCount } from "../licensing/account-tally";
import { Prisma, type Account, type Area } from "../generated/prisma/client";
import { whereSql } from "./export-people";
import { peopleFilterOf, type PeopleQuery } from "./people-query";

/** A row of the People list: the account's columns the list shows, with its area. */
export type PersonListRow = Pick<
  Account,
  | "id"
  | "username"
  | "email"
  | "givenName"
  | "familyName"
  | "state"
  | "blockedReason"
  | "createdAt"
  | "lastSignInAt"
  | "lastActiveAt"
  | "isSysadmin"
> & { area: Pick<Area, "id" | "name" | "pool"> };

const DEFERRED_JOIN_FROM = 1000;

/**
 * A search or inactivity view is counted up to this many people: past it the list says "more
 * than 10,000" (counting every match of a broad search among a million accounts would cost more
 * than the page itself).
 */
export const COUNT_CAP = 10_000;

/** One page of the People list, paged, sorted and filtered in the database. */
export type PeoplePage = {
  rows: PersonListRow[];
  /** How many people the view holds; with `capped`, more than this many. */
  total: number;
  capped: boolean;
  page: number;
  /** The last page, or with `capped` the last one known to hold people (the next, if this page is full). */
  pageCount: number;
};

/**
 * The list's page. The total is exact for the whole list and its area/state filters (read from
 * the account tally, not counted) and for searches and inactivity filters up to COUNT_CAP.
 * A page past the middle of an exactly counted view is read from the other end, so the last
 * pages of a million accounts skip as few index entries as the first.
 */
export async function listPeople(query: PeopleQuery, client: Db = defaultDb()): Promise<PeoplePage> {
  const filter = peopleFilterOf(query);
  const exactFromTally = filter.containing.length === 0 && filter.startingWith.length === 0 && filter.inactive === null;
  const counted = exactFromTally
    ? readAccountTally(client).then((groups) => ({ total: tallyCount(groups, filter), capped: false }))
    : cappedCount(query, client);
  const skip = (query.page - 1) * query.size;
  let pageSkip = skip;
  let take = query.size;
  let backwards = false;
  // The tally answers at once: a deep page waits for it, to read from the end when that is shorter.
  if (exactFromTally && skip >= DEFERRED_JOIN_FROM) {
    const { total } = await counted;
    if (skip >= total) return finish(await counted, [], query);
    if (skip > total / 2) {
      const after = total - skip - query.size; // rows after this page (negative: the page is short)
      pageSkip = Math.max(0, after);
      take = query.size + Math.min(0, after);
      backwards = true;
    }
  }
  const read = async () => {
    if (!exactFromTally) {
      // The count says whether the matches are few (sort them) or many (walk the index). A short
      // term matches the start of four fields, so many as a rule: its walk starts with the count.
      const early = filter.startingWith.length > 0 ? walkedPageIds(query, pageSkip, take, client) : null;
      early?.catch(() => {}); // awaited below: its failure must not go unhandled while the count runs
      const { total, capped } = await counted;
      if (!capped && skip >= total) return [];
      const walked = early ? await early : capped || total > SORT_APART_UP_TO ? await walkedPageIds(query, pageSkip, take, client) : null;
      return rowsByIds(walked?.length === take ? walked : await sortedPageIds(query, pageSkip, take, client), client);
    }
    const where = conditionsSql(query);
    const order = orderBySql(query, backwards);
    if (pageSkip < DEFERRED_JOIN_FROM) {
      return personRows(
        await client.$queryRawUnsafe<PersonRow[]>(`${PERSON_ROW_SELECT} ${where} ORDER BY ${order} OFFSET ${pageSkip} LIMIT ${take}`),
      );
    }
    // A deep page: page the ids first (an index-only scan for the default sort), then read the
    // page's rows, so the skipped entries are index entries rather than whole rows.
    const ids = await client.$queryRawUnsafe<{ id: string }[]>(
      `SELECT a.id FROM "Account" a ${where} ORDER BY ${order} OFFSET ${pageSkip} LIMIT ${take}`,
    );
    return rowsByIds(ids, client);
  };
  const [count, rows] = await Promise.all([counted, read()]);
  return finish(count, backwards ? rows.reverse() : rows, query);
}

/**
 * The list's rows are read in SQL, not through Prisma's findMany: for a page of 25 its query
 * building and result mapping cost more than the query (first page at a million accounts:
 * 4.6 ms against 1.1 ms for the statement alone).
 */
const PERSON_ROW_SELECT = `SELECT a.id::text AS id, a.username, a.email, a."givenName", a."familyName", a.state::text AS state,
  a."blockedReason"::text AS "blockedReason", a."createdAt", a."lastSignInAt", a."lastActiveAt", a."isSysadmin",
  ar.id::text AS "areaId", ar.name AS "areaName", ar.pool::text AS "areaPool"
  FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"`;

type PersonRow = Omit<PeoplePage["rows"][number], "area"> & {
  areaId: string;
  areaName: string;
  areaPool: PeoplePage["rows"][number]["area"]["pool"];
};

function personRows(rows: PersonRow[]): PeoplePage["rows"] {
  return rows.map(({ areaId, areaName, areaPool, ...person }) => ({ ...person, area: { id: areaId, name: areaName, pool: areaPool } }));
}

/** The rows of a page of ids, in the ids' order. */
async function rowsByIds(page: { id: string }[], client: Db): Promise<PeoplePage["rows"]> {
  if (page.length === 0) return [];
  const ids = page.map((p) => p.id);
  const found = personRows(await client.$queryRaw<PersonRow[]>`${Prisma.raw(PERSON_ROW_SELECT)} WHERE a.id = ANY(${ids}::uuid[])`);
  const byId = new Map(found.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row) => row !== undefined);
}

/** WHERE and its conditions, or nothing for the whole list. */
function conditionsSql(query: PeopleQuery): string {
  const conditions = whereSql(query);
  return conditions.length ? `WHERE ${conditions.join(" AND ")}` : "";
}

/**
 * A search or inactivity view counted up to COUNT_CAP, in the export's SQL (whereSql), with the
 * patterns as literals: Prisma's count of the same filter sorts the matches by id before counting
 * them and builds each pattern in SQL (LIKE ($1 || '%')), and counted "an" among a million
 * accounts in 130 ms instead of 30.
 */
async function cappedCount(query: PeopleQuery, client: Db): Promise<{ total: number; capped: boolean }> {
  const [{ n }] = await client.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Account" a WHERE ${whereSql(query).join(" AND ")} LIMIT ${COUNT_CAP + 1}) c`,
  );
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

/**
 * ORDER BY of a sort key in SQL (alias a), exactly as peopleOrderBy says it to Prisma; `backwards`
 * reads it from the other end (each key the other way, its nulls at the other end).
 */
function orderBySql(query: Pick<PeopleQuery, "sort" | "dir">, backwards = false): string {
  const d = (query.dir === "desc") !== backwards ? "DESC" : "ASC";
  switch (query.sort) {
    case "username":
      return `a.username ${d}`;
    case "email":
      return `a.email ${d}`;
    case "state":
      return `a.state ${d}, a."familyName" ${d}, a."givenName" ${d}, a.id ${d}`;
    case "created":
      return `a."createdAt" ${d}, a.id ${d}`;
    case "lastSignIn":
      return `a."lastSignInAt" ${d} NULLS ${backwards ? "FIRST" : "LAST"}, a.id ${d}`;
    case "lastActive":
      return `a."lastActiveAt" ${d}, a.id ${d}`;
    case "name":
    default:
      return `a."familyName" ${d}, a."givenName" ${d}, a.id ${d}`;
  }
}

/** A view matching at most this many is sorted apart at once (sorting 10,000 costs more than a walk). */
const SORT_APART_UP_TO = 1000;

/** How far along the sort's index a search first looks for its page (see filteredPageIds). */
const WALK_ROWS = 5000;

/**
 * The page of a search or inactivity view. Where its matches lie in the sort order is unknown:
 * a broad term ("u", every user name) is best found by walking the sort's index until a page
 * matches, a selective one ("user4242") or one whose matches all sort last ("we", Weber) by
 * reading its matches through the search indexes and sorting them. The planner cannot tell
 * these apart (a walk that finds its matches at the end read 950,000 rows for "we"). So a view
 * of few matches sorts them; a larger one first walks a bounded stretch of the index
 * (walkedPageIds), and only if that holds too few matches sorts them all (sortedPageIds). Both
 * answer the same page: the walk's stretch is a prefix of the order, so a full page from it is
 * the page, whatever the count.
 */
function walkedPageIds(query: PeopleQuery, skip: number, take: number, client: Db): Promise<{ id: string }[] | null> {
  // A descending sort with nulls last is no index order: the walk would sort every account.
  const walkable = !(query.sort === "lastSignIn" && query.dir === "desc");
  if (!walkable || skip + take > WALK_ROWS) return Promise.resolve(null);
  const order = orderBySql(query);
  return client.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a.id FROM (SELECT * FROM "Account" a ORDER BY ${order} LIMIT ${WALK_ROWS}) a WHERE ${whereSql(query).join(" AND ")} ORDER BY ${order} OFFSET ${skip} LIMIT ${take}`,
  );
}

async function sortedPageIds(query: PeopleQuery, skip: number, take: number, client: Db): Promise<{ id: string }[]> {
  return client.$queryRawUnsafe<{ id: string }[]>(
    `WITH a AS MATERIALIZED (SELECT a.id, a.username, a.email, a."familyName", a."givenName", a.state, a."createdAt", a."lastSignInAt", a."lastActiveAt"
       FROM "Account" a WHERE ${whereSql(query).join(" AND ")})
     SELECT a.id FROM a ORDER BY ${orderBySql(query)} OFFSET ${skip} LIMIT ${take}`,
  );
}

function finish(count: { total: number; capped: boolean }, rows: PeoplePage["rows"], query: PeopleQuery): PeoplePage {
  const pageCount = count.capped
    ? Math.max(Math.ceil(count.total / query.size), rows.length === query.size ? query.page + 1 : query.page)
    : Math.max(1, Math.ceil(count.total / query.size));
  return { rows, total: count.total, capped: count.capped, page: query.page, pageCount };
}
