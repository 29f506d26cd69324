import Papa from "papaparse";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { blockAccount, createAccount } from "../licensing";
import { exportPeopleCsv, exportRequestSchema } from "./export-people";
import { COUNT_CAP, listPeople } from "./list-people";
import { parsePeopleQuery, peopleQueryToSearchParams } from "./people-query";

const actor = { id: null, label: "test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

let exportPool: pg.Pool;
async function csvOf(request: Record<string, unknown>) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of exportPeopleCsv(exportRequestSchema.parse(request), exportPool)) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

beforeAll(async () => {
  t = await createTestDatabase();
  exportPool = new pg.Pool({ connectionString: t.url, max: 2 });
  areas = await createSite(t.db, { maxUsers: 5000, maxExtranetUsers: 100 });
  const specials = [
    { username: "formula", givenName: '=HYPERLINK("http://evil")', familyName: "+Plus" },
    { username: "quoted", givenName: 'Anne "Nan"', familyName: "O'Neil, Jr." },
    { username: "accents", givenName: "Zoë", familyName: "Müller" },
    { username: "dash", givenName: "-minus", familyName: "@at" },
  ];
  for (const s of specials)
    await createAccount({ actor, source: "FORM", account: person(areas.intranet.id, { ...s, email: `${s.username}@example.test` }) }, t.db);
  const partner = await createAccount(
    { actor, source: "FORM", account: person(areas.partners.id, { username: "partner.one", familyName: "Zimmer" }) },
    t.db,
  );
  await blockAccount({ actor, accountId: partner.id }, t.db);
  // Enough rows for several export batches.
  await t.db.account.createMany({
    data: Array.from({ length: 4500 }, (_, i) => ({
      username: `bulk${String(i).padStart(5, "0")}`,
      email: `bulk${i}@example.test`,
      givenName: "Bulk",
      familyName: `Person${String(i).padStart(5, "0")}`,
      areaId: areas.intranet.id,
      state: "BLOCKED" as const,
      blockedReason: "ADMIN" as const,
      source: "IMPORT" as const,
    })),
  });
});
afterAll(async () => {
  await exportPool.end();
  await t.close();
});

describe("the view in the URL", () => {
  it("reads a valid view and round-trips it", () => {
    const { query, problems } = parsePeopleQuery({ q: " ann ", state: "blocked", sort: "created", dir: "desc", page: "3", size: "50" });
    expect(problems).toEqual([]);
    expect(query).toEqual({ q: "ann", state: "blocked", sort: "created", dir: "desc", page: 3, size: 50 });
    expect(peopleQueryToSearchParams(query).toString()).toBe("q=ann&state=blocked&sort=created&dir=desc&page=3&size=50");
  });

  it("ignores and reports each bad parameter, keeping the rest", () => {
    const { query, problems } = parsePeopleQuery({ q: "x", state: "asleep", sort: "password", page: "-2", size: "7", area: "nope" });
    expect(query).toMatchObject({ q: "x", sort: "name", page: 1, size: 25 });
    expect(query.state).toBeUndefined();
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/state.*active, blocked or waiting/);
  });
});

describe("listing", () => {
  it("pages in the database with a stable total", async () => {
    const first = await listPeople(parsePeopleQuery({ size: "100" }).query, t.db);
    expect(first.total).toBe(4505);
    expect(first.rows).toHaveLength(100);
    expect(first.pageCount).toBe(46);
    const last = await listPeople(parsePeopleQuery({ size: "100", page: "46" }).query, t.db);
    expect(last.rows).toHaveLength(5);
    const ids = new Set([...first.rows, ...last.rows].map((r) => r.id));
    expect(ids.size).toBe(105);
  });

  it("sorts by name, either way", async () => {
    const asc = await listPeople(parsePeopleQuery({}).query, t.db);
    expect(asc.rows[0].familyName).toBe("+Plus");
    const desc = await listPeople(parsePeopleQuery({ dir: "desc" }).query, t.db);
    expect(desc.rows[0].familyName).toBe("Zimmer");
  });

  it("searches name, user name and e-mail, case-insensitively, every term matching", async () => {
    expect((await listPeople(parsePeopleQuery({ q: "MÜLLER" }).query, t.db)).rows.map((r) => r.username)).toEqual(["accents"]);
    expect((await listPeople(parsePeopleQuery({ q: "zoë müller" }).query, t.db)).total).toBe(1);
    expect((await listPeople(parsePeopleQuery({ q: "quoted@example" }).query, t.db)).total).toBe(1);
    expect((await listPeople(parsePeopleQuery({ q: "zoë nobody" }).query, t.db)).total).toBe(0);
  });

  it("filters by area and state", async () => {
    const partners = await listPeople(parsePeopleQuery({ area: areas.partners.id }).query, t.db);
    expect(partners.rows.map((r) => r.username)).toEqual(["partner.one"]);
    expect((await listPeople(parsePeopleQuery({ state: "active" }).query, t.db)).total).toBe(4);
    expect((await listPeople(parsePeopleQuery({ state: "blocked", area: areas.intranet.id }).query, t.db)).total).toBe(4500);
  });
});

describe("CSV export", () => {
  it("writes UTF-8 with a header row, RFC 4180 quoting and Yes/No account state", async () => {
    const text = await csvOf({ columns: ["username", "givenName", "familyName", "state"], scope: "all" });
    expect(text.startsWith("\uFEFFUsername,First name,Last name,Account state\r\n")).toBe(true);
    const { data, errors } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    expect(errors).toEqual([]);
    expect(data).toHaveLength(4505);
    const quoted = data.find((r) => r.Username === "quoted")!;
    expect(quoted["First name"]).toBe('Anne "Nan"');
    expect(quoted["Last name"]).toBe("O'Neil, Jr.");
    expect(text).toContain('"Anne ""Nan"""');
    expect(data.find((r) => r.Username === "accents")!["Last name"]).toBe("Müller");
    expect(data.find((r) => r.Username === "accents")!["Account state"]).toBe("Yes");
    expect(data.find((r) => r.Username === "partner.one")!["Account state"]).toBe("No");
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const text = await csvOf({ columns: ["username", "givenName", "familyName"], q: "example.test", scope: "filter" });
    const { data } = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
    const byName = Object.fromEntries(data.map((r) => [r.Username, r]));
    expect(byName.formula["First name"]).toBe(`'=HYPERLINK("http://evil")`);
    expect(byName.formula["Last name"]).toBe("'+Plus");
    expect(byName.dash["First name"]).toBe("'-minus");
    expect(byName.dash["Last name"]).toBe("'@at");
  });

  it("exports the current filter or everyone, in user-name order, across batches", async () => {
    const filtered = await csvOf({ columns: ["username"], state: "active", scope: "filter" });
    expect(filtered.trim().split("\r\n").slice(1).sort()).toEqual(["accents", "dash", "formula", "quoted"]);
    const everyone = await csvOf({ columns: ["username"], state: "active", scope: "all" });
    const names = everyone.trim().split("\r\n").slice(1);
    expect(names).toHaveLength(4505);
    expect(new Set(names).size).toBe(4505);
    expect(names).toEqual([...names].sort());
  });

  it("selects the same people as the list, for every kind of view", async () => {
    const partner = (await t.db.area.findFirstOrThrow({ where: { name: "Partners" } })).id;
    for (const view of [
      {},
      { q: "müller" },
      { q: "bulk 0001" },
      { q: "example.test zoë" },
      { q: "zi" },
      { q: "bu z" },
      { q: "Q" },
      { state: "active" },
      { state: "blocked" },
      { state: "waiting" },
      { area: partner },
      { area: partner, state: "blocked" },
    ]) {
      const listed = await listPeople(parsePeopleQuery({ ...view, size: "100" }).query, t.db);
      const exported = (await csvOf({ columns: ["username"], scope: "filter", ...view })).trim().split("\r\n").slice(1);
      expect(exported.length, JSON.stringify(view)).toBe(listed.total);
      if (listed.total <= 100) expect(exported.sort(), JSON.stringify(view)).toEqual(listed.rows.map((r) => r.username).sort());
    }
  });

  it("reads %, _ and \\ in a search as plain characters, in the list and the export alike", async () => {
    // LIKE's special characters, which search must read as plain characters.
    for (const s of [
      { username: "j_smith", givenName: "Jay", familyName: "Smith" },
      { username: "jxsmith", givenName: "Jax", familyName: "Smith" },
      { username: "percent", givenName: "Fifty", familyName: "50%Off" },
      { username: "backslash", givenName: "Back", familyName: "Slash\\Dot" },
    ]) {
      await createAccount(
        { actor, source: "FORM", account: person(areas.intranet.id, { ...s, email: `${s.username}@example.test` }) },
        t.db,
      );
    }
    const cases: [string, string[]][] = [
      ["j_smith", ["j_smith"]],
      // Short terms match a start: "_" and "%" are no wildcards there either.
      ["j_", ["j_smith"]],
      ["_", []],
      ["%", []],
      ["50%", ["percent"]],
      ["h\\d", ["backslash"]],
      ["employe_", []],
    ];
    for (const [q, expected] of cases) {
      const listed = await listPeople(parsePeopleQuery({ q, size: "100" }).query, t.db);
      const exported = (await csvOf({ columns: ["username"], scope: "filter", q })).trim().split("\r\n").slice(1);
      expect(listed.rows.map((r) => r.username).sort(), q).toEqual(expected);
      expect(exported.sort(), q).toEqual(expected);
    }
  });

  it("refuses a search holding a NUL or other control character, in the list and the export", () => {
    const { query, problems } = parsePeopleQuery({ q: "a\u0000b" });
    expect(query.q).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/Ignored q=.*control characters/)]);
    const exportRequest = exportRequestSchema.safeParse({ columns: ["username"], q: "a\u0000b" });
    expect(exportRequest.success).toBe(false);
  });

  it("refuses an export request without columns or with unknown ones", () => {
    expect(exportRequestSchema.safeParse({ columns: [] }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ columns: ["passwordHash"] }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ columns: ["username"], scope: "some" }).success).toBe(false);
  });
});

describe("short search terms", () => {
  it("match the start of the user name, e-mail, given or family name, case-insensitively, in the list and the export", async () => {
    const cases: [string, string[]][] = [
      ["zi", ["partner.one"]], // family name Zimmer
      ["ZO", ["accents"]], // given name Zoë
      ["z", ["accents", "partner.one"]],
      ["fo", ["formula"]], // user name and e-mail
      ["o'", ["quoted"]], // family name O'Neil, Jr.
      ["ne", []], // inside "partner.one", "Anne", "O'Neil": not a start
      ["an", ["quoted"]], // given name Anne "Nan"
      ["an quoted@", ["quoted"]], // with a longer term, which still matches anywhere
    ];
    for (const [q, expected] of cases) {
      const listed = await listPeople(parsePeopleQuery({ q, size: "100" }).query, t.db);
      const exported = (await csvOf({ columns: ["username"], scope: "filter", q })).trim().split("\r\n").slice(1);
      expect(listed.rows.map((r) => r.username).sort(), q).toEqual(expected);
      expect(listed.total, q).toBe(expected.length);
      expect(exported.sort(), q).toEqual(expected);
    }
  });
});

describe("at scale", () => {
  it("reads a deep page from the other end in the same order as from the start, for every sort", async () => {
    const size = 25;
    for (const sort of ["name", "username", "lastSignIn", "lastActive", "created", "state"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const query = parsePeopleQuery({ sort, dir, page: "150", size: String(size) }).query;
        const listed = await listPeople(query, t.db);
        const { peopleOrderBy } = await import("./people-query");
        const expected = await t.db.account.findMany({ orderBy: peopleOrderBy(query), skip: 149 * size, take: size, select: { id: true } });
        expect(listed.capped).toBe(false);
        expect(
          listed.rows.map((r) => r.id),
          `${sort} ${dir}`,
        ).toEqual(expected.map((r) => r.id));
      }
    }
  });

  it("counts a broad search up to 10,000 and says so; area and state totals stay exact", async () => {
    await t.db.account.createMany({
      data: Array.from({ length: 6000 }, (_, i) => ({
        username: `bulkmore${String(i).padStart(5, "0")}`,
        email: `bulkmore${i}@example.test`,
        givenName: "Bulk",
        familyName: `More${String(i).padStart(5, "0")}`,
        areaId: areas.intranet.id,
        state: "BLOCKED" as const,
        blockedReason: "ADMIN" as const,
        source: "IMPORT" as const,
      })),
    });
    const broad = await listPeople(parsePeopleQuery({ q: "bulk" }).query, t.db);
    expect(broad).toMatchObject({ total: COUNT_CAP, capped: true, pageCount: COUNT_CAP / 25 });
    const beyond = await listPeople(parsePeopleQuery({ q: "bulk", page: String(COUNT_CAP / 25 + 1) }).query, t.db);
    expect(beyond.rows).toHaveLength(25);
    expect(beyond.pageCount).toBe(COUNT_CAP / 25 + 2);
    const real = await t.db.account.count({ where: { areaId: areas.intranet.id, state: "BLOCKED" } });
    expect(real).toBeGreaterThan(COUNT_CAP);
    expect(await listPeople(parsePeopleQuery({ area: areas.intranet.id, state: "blocked" }).query, t.db)).toMatchObject({
      total: real,
      capped: false,
    });
    expect((await listPeople(parsePeopleQuery({}).query, t.db)).total).toBe(await t.db.account.count());
  });
  it("pages a search in sort order whether its matches are many (a walk of the index) or few (sorted apart)", async () => {
    const { peopleOrderBy, peopleWhere } = await import("./people-query");
    // After the previous test's 6,000 accounts: "bulk", "example" and "b" match more than
    // SORT_APART_UP_TO (the page walks the index), the others fewer (their matches sorted apart).
    for (const q of ["bulk", "example", "zi", "person0449", "b", "000"]) {
      for (const sort of ["name", "username", "lastSignIn", "state"] as const) {
        for (const dir of ["asc", "desc"] as const) {
          for (const page of ["1", "3"]) {
            const query = parsePeopleQuery({ q, sort, dir, page }).query;
            const listed = await listPeople(query, t.db);
            const expected = await t.db.account.findMany({
              where: peopleWhere(query),
              orderBy: peopleOrderBy(query),
              skip: (query.page - 1) * 25,
              take: 25,
              select: { id: true },
            });
            expect(
              listed.rows.map((r) => r.id),
              `${q} ${sort} ${dir} ${page}`,
            ).toEqual(expected.map((r) => r.id));
          }
        }
      }
    }
  });
});
