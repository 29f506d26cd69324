import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { blockAccount, createAccount } from "../licensing";
import { exportPeopleCsv, exportRequestSchema } from "./export-people";
import { listPeople } from "./list-people";
import { parsePeopleQuery } from "./people-query";

const actor = { id: null, label: "test" };
const DAY = 24 * 60 * 60 * 1000;
let t: TestDatabase;
let exportPool: pg.Pool;
let partners: string;

// Each account: days since its last activity (null: never active), days since it was created.
const PEOPLE = {
  recent: { active: 10, created: 500 },
  idle45: { active: 45, created: 500 },
  idle100: { active: 100, created: 500, blocked: true },
  idle200: { active: 200, created: 500, partners: true },
  newcomer: { active: null, created: 3 },
  never20: { active: null, created: 20 },
  never400: { active: null, created: 400, blocked: true },
} as const;

beforeAll(async () => {
  t = await createTestDatabase();
  exportPool = new pg.Pool({ connectionString: t.url, max: 2 });
  const areas = await createSite(t.db, { maxUsers: 50, maxExtranetUsers: 50 });
  partners = areas.partners.id;
  const now = Date.now();
  for (const [username, p] of Object.entries(PEOPLE)) {
    const areaId = "partners" in p ? areas.partners.id : areas.intranet.id;
    const account = await createAccount(
      { actor, source: "FORM", account: person(areaId, { username, email: `${username}@example.test` }) },
      t.db,
    );
    if ("blocked" in p) await blockAccount({ actor, accountId: account.id }, t.db);
    await t.db.account.update({
      where: { id: account.id },
      data: { createdAt: new Date(now - p.created * DAY), lastActiveAt: p.active === null ? null : new Date(now - p.active * DAY) },
    });
  }
});
afterAll(async () => {
  await exportPool.end();
  await t.close();
});

async function selected(view: Record<string, string>) {
  const listed = await listPeople(parsePeopleQuery({ ...view, size: "100" }).query, t.db);
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportPeopleCsv(exportRequestSchema.parse({ columns: ["username"], scope: "filter", ...view }), exportPool))
    chunks.push(chunk);
  const csv = Buffer.concat(chunks).toString("utf8");
  const exported = csv.trim().split("\r\n").slice(1).sort();
  const names = listed.rows.map((r) => r.username).sort();
  expect(exported, `export of ${JSON.stringify(view)}`).toEqual(names);
  expect(listed.total).toBe(names.length);
  return names;
}

it("inactive for more than N days: last active before, or never active and created before (list and export agree)", async () => {
  expect(await selected({ inactive: "30" })).toEqual(["idle100", "idle200", "idle45", "never400"]);
  expect(await selected({ inactive: "60" })).toEqual(["idle100", "idle200", "never400"]);
  expect(await selected({ inactive: "90" })).toEqual(["idle100", "idle200", "never400"]);
  expect(await selected({ inactive: "180" })).toEqual(["idle200", "never400"]);
});

it("never signed in, created more than 7 days ago", async () => {
  expect(await selected({ inactive: "never" })).toEqual(["never20", "never400"]);
});

it("combines with state, area and search", async () => {
  expect(await selected({ inactive: "90", state: "blocked" })).toEqual(["idle100", "never400"]);
  expect(await selected({ inactive: "30", state: "active" })).toEqual(["idle200", "idle45"]);
  expect(await selected({ inactive: "30", area: partners })).toEqual(["idle200"]);
  expect(await selected({ inactive: "never", q: "400" })).toEqual(["never400"]);
});

it("sorts by last activity, never-active last (ascending) and first (descending)", async () => {
  const asc = await listPeople(parsePeopleQuery({ sort: "lastActive" }).query, t.db);
  expect(asc.rows.slice(0, 4).map((r) => r.username)).toEqual(["idle200", "idle100", "idle45", "recent"]);
  const desc = await listPeople(parsePeopleQuery({ sort: "lastActive", dir: "desc" }).query, t.db);
  expect(desc.rows.slice(-4).map((r) => r.username)).toEqual(["recent", "idle45", "idle100", "idle200"]);
});

it("refuses an unknown inactivity filter with a sentence, keeping the rest of the view", () => {
  const { query, problems } = parsePeopleQuery({ inactive: "7", state: "active" });
  expect(query).toMatchObject({ state: "active" });
  expect(query.inactive).toBeUndefined();
  expect(problems).toEqual([expect.stringMatching(/Inactive must be 30, 60, 90, 180 or never/)]);
});
