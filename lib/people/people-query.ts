import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { PRINTABLE } from "../licensing/schemas";

// What a People list view is: search, filters, sort and page. It lives in the URL (bookmarkable,
// shareable) and is read by both the list and the export, so they always agree.

export const SORT_KEYS = ["name", "username", "email", "state", "created", "lastSignIn", "lastActive"] as const;
export const PAGE_SIZES = [25, 50, 100] as const;
export const STATE_FILTERS = ["active", "blocked", "waiting"] as const;
/** Inactivity filters: no activity for more than N days, or never active and created more than a week ago. */
export const INACTIVE_FILTERS = ["30", "60", "90", "180", "never"] as const;
export type InactiveFilter = (typeof INACTIVE_FILTERS)[number];
/** "Never signed in" only counts accounts older than this: a new account has had no chance yet. */
export const NEVER_ACTIVE_GRACE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const fieldSchemas = {
  q: z
    .string()
    .trim()
    .max(100, "Search terms are at most 100 characters.")
    .regex(PRINTABLE, "Search terms cannot hold control characters."),
  area: z.uuid("Unknown area."),
  state: z.enum(STATE_FILTERS, "State must be active, blocked or waiting."),
  inactive: z.enum(INACTIVE_FILTERS, "Inactive must be 30, 60, 90, 180 or never."),
  sort: z.enum(SORT_KEYS, `Sort must be one of ${SORT_KEYS.join(", ")}.`),
  dir: z.enum(["asc", "desc"], "Direction must be asc or desc."),
  page: z.coerce.number("Page must be a number.").int("Page must be a whole number.").min(1, "Page starts at 1.").max(1_000_000),
  size: z.coerce.number().pipe(
    z.union(
      PAGE_SIZES.map((n) => z.literal(n)),
      `Page size must be ${PAGE_SIZES.join(", ")}.`,
    ),
  ),
};

export const peopleQuerySchema = z.object({
  q: fieldSchemas.q.optional(),
  area: fieldSchemas.area.optional(),
  state: fieldSchemas.state.optional(),
  inactive: fieldSchemas.inactive.optional(),
  sort: fieldSchemas.sort.default("name"),
  dir: fieldSchemas.dir.default("asc"),
  page: fieldSchemas.page.default(1),
  size: fieldSchemas.size.default(25),
});

export type PeopleQuery = z.output<typeof peopleQuerySchema>;

/**
 * Reads a view from URL parameters. A bad parameter is not fatal: it is dropped (its default
 * applies) and reported, so the page can say what was wrong with the link.
 */
export function parsePeopleQuery(params: Record<string, string | string[] | undefined>): {
  query: PeopleQuery;
  problems: string[];
} {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(fieldSchemas) as (keyof typeof fieldSchemas)[]) {
    const value = params[key];
    const single = Array.isArray(value) ? value[0] : value;
    if (single === undefined || single === "") continue;
    const parsed = fieldSchemas[key].safeParse(single);
    if (parsed.success) raw[key] = parsed.data;
    else problems.push(`Ignored ${key}=${JSON.stringify(single).slice(0, 60)}: ${parsed.error.issues[0]?.message}`);
  }
  return { query: peopleQuerySchema.parse(raw), problems };
}

export function peopleQueryToSearchParams(query: Partial<PeopleQuery>): URLSearchParams {
  const params = new URLSearchParams();
  const defaults = peopleQuerySchema.parse({});
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "" || defaults[key as keyof PeopleQuery] === value) continue;
    params.set(key, String(value));
  }
  return params;
}

/**
 * The one description of which people a view selects. The list (Prisma, peopleWhere) and the
 * export (SQL, exportWhereSql) are both written from it, so they cannot drift apart.
 */
export type PeopleFilter = {
  /**
   * Each search term of three characters or more, as a LIKE fragment with `%`, `_` and `\`
   * escaped (plain characters): it matches anywhere in the user name, e-mail, given or family name.
   */
  containing: string[];
  /**
   * Each shorter term, lower-cased and escaped the same way: it matches the START of the user
   * name, e-mail, given or family name. A trigram index cannot serve a "contains" of one or two
   * characters (it would read every row); a start is a range of an index.
   */
  startingWith: string[];
  areaId: string | null;
  state: { state: "ACTIVE" | "BLOCKED"; blockedReason?: "NO_SEAT" } | null;
  /**
   * No activity since this moment: last active before it, or never active and created before it.
   * `neverActive` keeps only the accounts never active.
   */
  inactive: { before: Date; neverActive: boolean } | null;
};

/** Which view fields select people (the rest sort and page). */
export type PeopleView = Pick<PeopleQuery, "q" | "area" | "state" | "inactive">;

const STATE_MATCH = {
  active: { state: "ACTIVE" },
  blocked: { state: "BLOCKED" },
  waiting: { state: "BLOCKED", blockedReason: "NO_SEAT" },
} as const;

/** The moment an inactivity filter counts from, as of `now`. */
export function inactiveSince(filter: InactiveFilter, now: Date): Date {
  const days = filter === "never" ? NEVER_ACTIVE_GRACE_DAYS : Number(filter);
  return new Date(now.getTime() - days * DAY_MS);
}

/** Terms shorter than this match the start of a field rather than anywhere in it. */
export const CONTAINS_FROM_CHARACTERS = 3;

const likeFragment = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

export function peopleFilterOf(view: PeopleView, now: Date = new Date()): PeopleFilter {
  const terms = (view.q ?? "").split(/\s+/).filter(Boolean).slice(0, 5);
  const isShort = (term: string) => [...term].length < CONTAINS_FROM_CHARACTERS;
  return {
    containing: terms.filter((term) => !isShort(term)).map(likeFragment),
    startingWith: terms.filter(isShort).map((term) => likeFragment(term.toLowerCase())),
    areaId: view.area ?? null,
    state: view.state ? STATE_MATCH[view.state] : null,
    inactive: view.inactive ? { before: inactiveSince(view.inactive, now), neverActive: view.inactive === "never" } : null,
  };
}

/** The WHERE clause of a view; every branch is served by an index (trigram for search). */
export function peopleWhere(query: PeopleView, now: Date = new Date()): Prisma.AccountWhereInput {
  const filter = peopleFilterOf(query, now);
  const and: Prisma.AccountWhereInput[] = filter.containing.map((fragment) => ({
    // Prisma passes `contains` to ILIKE as %fragment% without escaping: the fragment is escaped.
    OR: [
      { username: { contains: fragment, mode: "insensitive" } },
      { email: { contains: fragment, mode: "insensitive" } },
      { givenName: { contains: fragment, mode: "insensitive" } },
      { familyName: { contains: fragment, mode: "insensitive" } },
    ],
  }));
  for (const fragment of filter.startingWith) {
    // User names and e-mails are stored lower-case; a left-anchored LIKE is served by the trigram indexes.
    and.push({
      OR: [
        { username: { startsWith: fragment } },
        { email: { startsWith: fragment } },
        { givenName: { startsWith: fragment, mode: "insensitive" } },
        { familyName: { startsWith: fragment, mode: "insensitive" } },
      ],
    });
  }
  if (filter.areaId) and.push({ areaId: filter.areaId });
  if (filter.state) and.push(filter.state);
  // Both branches are ranges of the (lastActiveAt, createdAt) index (a bitmap OR).
  if (filter.inactive) {
    const neverActive = { lastActiveAt: null, createdAt: { lt: filter.inactive.before } };
    and.push(filter.inactive.neverActive ? neverActive : { OR: [{ lastActiveAt: { lt: filter.inactive.before } }, neverActive] });
  }
  return and.length ? { AND: and } : {};
}

/** ORDER BY for a sort key; `id` last makes every order total, so paging never skips or repeats. */
export function peopleOrderBy(query: Pick<PeopleQuery, "sort" | "dir">): Prisma.AccountOrderByWithRelationInput[] {
  const dir = query.dir;
  switch (query.sort) {
    case "username":
      return [{ username: dir }];
    case "email":
      return [{ email: dir }];
    case "state":
      return [{ state: dir }, { familyName: dir }, { givenName: dir }, { id: dir }];
    case "created":
      return [{ createdAt: dir }, { id: dir }];
    case "lastSignIn":
      return [{ lastSignInAt: { sort: dir, nulls: "last" } }, { id: dir }];
    case "lastActive":
      // PostgreSQL's default null placement (last ascending, first descending): the
      // (lastActiveAt, id) index then serves both directions.
      return [{ lastActiveAt: dir }, { id: dir }];
    case "name":
    default:
      return [{ familyName: dir }, { givenName: dir }, { id: dir }];
  }
}
