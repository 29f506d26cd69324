import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { scimClient } from "../../test/scim-client";
import { Prisma } from "../generated/prisma/client";
import type { ListQuery } from "./list-query";
import { createScimToken } from "./tokens";
import { userListSql } from "./users";

// Paging over 100,000 users: pages follow one total order (ties on the sort key broken by id),
// so walking every page yields each user exactly once, and the plan reads an index in order
// instead of sorting the table for every page.

const USERS = 100_000;
let t: TestDatabase;
let scim: ReturnType<typeof scimClient>;

const query = (extra: Partial<ListQuery> = {}): ListQuery => ({
  filter: null,
  sortBy: null,
  sortOrder: "ascending",
  startIndex: 1,
  count: 200,
  attributes: null,
  excludedAttributes: null,
  ...extra,
});

type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
async function planOf(sql: Prisma.Sql): Promise<PlanNode[]> {
  const [row] = await t.db.$queryRaw<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`);
  return nodes(row["QUERY PLAN"][0].Plan);
}

beforeAll(async () => {
  t = await createTestDatabase();
  const { intranet } = await createSite(t.db, { maxUsers: USERS * 2, maxExtranetUsers: 10 });
  const token = (await createScimToken({ actor: { id: null, label: "admin" }, name: "Paging" }, t.db)).token;
  scim = scimClient(t.db, () => token);
  // Ten users share each creation instant and each given name repeats 1,000 times: the sort keys
  // tie on purpose, so only the id tie-breaker keeps the pages apart.
  await t.db.$executeRaw`
    INSERT INTO "Account" ("id", "username", "email", "givenName", "familyName", "areaId", "state", "source", "createdAt", "updatedAt")
    SELECT gen_random_uuid(), 'user' || i, 'user' || i || '@example.com', 'Given' || (i % 100), 'Family' || i, ${intranet.id}::uuid,
           'ACTIVE', 'DIRECTORY', timestamp '2026-01-01' + (i / 10) * interval '1 second', now()
    FROM generate_series(1, ${USERS}) AS i`;
  await t.db.$executeRaw`ANALYZE "Account"`;
}, 300_000);
afterAll(async () => t?.close());

describe(`paging over ${USERS.toLocaleString("en")} users`, () => {
  it("walks every page of the default order and of a sort on a tied key: each user once, in one order", async () => {
    for (const extra of [{}, { sortBy: "name.givenName", sortOrder: "descending" as const }]) {
      const all = await t.db.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT id FROM (${userListSql(query({ ...extra, count: USERS })).page}) AS everyone`,
      );
      expect(all).toHaveLength(USERS);
      const walked: string[] = [];
      for (let start = 1; start <= USERS; start += 1000) {
        const page = await t.db.$queryRaw<{ id: string }[]>(userListSql(query({ ...extra, startIndex: start, count: 1000 })).page);
        walked.push(...page.map((r) => r.id));
      }
      expect(walked).toEqual(all.map((r) => r.id));
      expect(new Set(walked).size).toBe(USERS);
    }
  }, 300_000);

  it("reads the default order and userName order from an index, without sorting the table", async () => {
    const last = { startIndex: USERS - 199 };
    const byCreation = await planOf(userListSql(query(last)).page);
    expect(byCreation.some((n) => n["Index Name"] === "Account_createdAt_id_idx")).toBe(true);
    expect(byCreation.map((n) => n["Node Type"])).not.toContain("Sort");
    const byUserName = await planOf(userListSql(query({ ...last, sortBy: "userName" })).page);
    expect(byUserName.some((n) => n["Index Name"] === "Account_username_key")).toBe(true);
    expect(byUserName.map((n) => n["Node Type"])).not.toContain("Sort");
    const filtered = await planOf(
      userListSql(query({ filter: { op: "eq", attribute: { schema: null, path: "userName", text: "userName" }, value: "user42" } })).page,
    );
    expect(filtered.some((n) => n["Index Name"] === "Account_username_key")).toBe(true);
  });

  it("answers the last page over SCIM with the right totals", async () => {
    const started = performance.now();
    const page = await scim("GET", `Users?startIndex=${USERS - 49}&count=100`);
    const ms = performance.now() - started;
    expect(page.body).toMatchObject({ totalResults: USERS, startIndex: USERS - 49, itemsPerPage: 50 });
    expect(page.body.Resources.at(-1).userName).toBe(`user${USERS}`);
    console.log(`[scim paging] last page of ${USERS} users: ${ms.toFixed(0)} ms`);
  });
});
