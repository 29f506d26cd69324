import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { EXPORT_COLUMN_KEYS, DEFAULT_EXPORT_COLUMNS } from "./export-columns";
import { exportPeopleCsv, exportRequestSchema } from "./export-people";

// The export's exact bytes, frozen. The expected files were written by the export as it was
// before it streamed PostgreSQL's COPY (keyset batches turned into CSV by papaparse), on the
// people below; whatever produces the export, a download of the same data must stay
// byte-for-byte the same. To write the fixture again on purpose: WRITE_EXPORT_FIXTURE=1.
const FIXTURE = path.join(import.meta.dirname, "export-contents.fixture.json");
type Fixture = { tricky: Record<string, string>; bulk: Record<string, { sha256: string; bytes: number }> };

// Dates far from any run, so the inactivity filters select the same people whenever the test
// runs: 2020 is long ago, 2099 is "recently" (after any run).
const LONG_AGO = new Date("2020-03-04T05:06:07.089Z");
const CREATED = new Date("2019-12-31T23:59:59.999Z");
const LATER = new Date("2099-01-02T03:04:05.006Z");

type Tricky = {
  username: string;
  givenName: string;
  familyName: string;
  email?: string;
  externalId?: string | null;
  state?: "ACTIVE" | "BLOCKED";
  blockedReason?: "ADMIN" | "NO_SEAT" | "DIRECTORY" | "INACTIVE" | null;
  source?: "FORM" | "IMPORT" | "DIRECTORY" | "SEED";
  area?: "intranet" | "partners" | "tricky";
  createdAt?: Date;
  lastSignInAt?: Date | null;
  lastActiveAt?: Date | null;
};

// What names, e-mails and directory ids can hold (SCIM, LDAP and imports store what they are
// given within PRINTABLE, and older rows may hold more): formula starters, quotes, commas,
// line breaks, spaces at either end, byte-order marks, backslashes, non-ASCII text, empty text.
const TRICKY: Tricky[] = [
  { username: "alice", givenName: "Alice", familyName: "Able", lastSignInAt: LONG_AGO, lastActiveAt: LATER },
  { username: "f1", givenName: '=HYPERLINK("http://evil")', familyName: "+Plus", externalId: "-ext-1", email: "@f1@example.test" },
  { username: "f2", givenName: "-minus", familyName: "@at", externalId: "=1+2", source: "DIRECTORY" },
  { username: "f3", givenName: "\tTabbed", familyName: "\rReturn", externalId: "+", source: "IMPORT" },
  { username: "f4", givenName: "=", familyName: "-", externalId: "@", source: "SEED" },
  { username: "f5", givenName: "=a,b", familyName: '-"q"', externalId: "=\nline" },
  { username: "q1", givenName: 'Anne "Nan"', familyName: "O'Neil, Jr.", externalId: '"' },
  { username: "q2", givenName: '"', familyName: '""', externalId: "a,b" },
  { username: "q3", givenName: "'quoted", familyName: "it's", externalId: ",lead" },
  { username: "n1", givenName: "Line\nBreak", familyName: "Carriage\r\nReturn", externalId: "lone\rcr" },
  { username: "n2", givenName: "end\n", familyName: "\nstart", externalId: 'mid\r\n"both"' },
  { username: "u1", givenName: "Zoë", familyName: "Müller", externalId: "日本語" },
  { username: "u2", givenName: "😀 Emoji", familyName: "Øster-Ågård", email: "u2@exämple.test" },
  { username: "e1", givenName: "", familyName: "", externalId: "" },
  { username: "s1", givenName: " leading", familyName: "trailing ", externalId: " both " },
  { username: "s2", givenName: " ", familyName: "a b", externalId: "\ttab-end\t" },
  { username: "b1", givenName: "\uFEFFbom", familyName: "mid\uFEFFdle", externalId: "end\uFEFF" },
  { username: "k1", givenName: "\\.", familyName: "back\\slash", externalId: "\\N" },
  { username: "k2", givenName: "\\", familyName: "100%_sure", externalId: "NULL" },
  { username: "x0", givenName: "Blocked", familyName: "Admin", state: "BLOCKED", blockedReason: "ADMIN", lastSignInAt: LATER },
  { username: "x1", givenName: "Waiting", familyName: "Seat", state: "BLOCKED", blockedReason: "NO_SEAT", area: "partners" },
  { username: "x2", givenName: "Dir", familyName: "Blocked", state: "BLOCKED", blockedReason: "DIRECTORY", area: "tricky" },
  { username: "x3", givenName: "Idle", familyName: "Blocked", state: "BLOCKED", blockedReason: "INACTIVE", lastActiveAt: LONG_AGO },
  { username: "x4", givenName: "No", familyName: "Reason", state: "BLOCKED", blockedReason: null, area: "tricky" },
  { username: "x5", givenName: "New", familyName: "Comer", createdAt: LATER, area: "partners" },
  { username: "x6", givenName: "Recent", familyName: "User", lastActiveAt: LATER, lastSignInAt: LATER, area: "tricky" },
];

const TRICKY_AREA = `=SUM(A1), "Ltd"`;

async function seedTricky(t: TestDatabase) {
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 100 });
  const tricky = await t.db.area.create({ data: { name: TRICKY_AREA, nameKey: TRICKY_AREA.toLowerCase(), pool: "EXTRANET" } });
  const areaIds = { intranet: areas.intranet.id, partners: areas.partners.id, tricky: tricky.id };
  await t.db.account.createMany({
    data: TRICKY.map((p) => ({
      username: p.username,
      email: p.email ?? `${p.username}@example.test`,
      givenName: p.givenName,
      familyName: p.familyName,
      externalId: p.externalId ?? null,
      areaId: areaIds[p.area ?? "intranet"],
      state: p.state ?? "ACTIVE",
      blockedReason: p.blockedReason ?? null,
      source: p.source ?? "FORM",
      createdAt: p.createdAt ?? CREATED,
      lastSignInAt: p.lastSignInAt ?? null,
      lastActiveAt: p.lastActiveAt ?? null,
    })),
  });
  return areaIds;
}

/** The export's requests for the tricky people, by name; area ids are filled in once the areas exist. */
function trickyRequests(areaIds: { partners: string; tricky: string }): Record<string, Record<string, unknown>> {
  const requests: Record<string, Record<string, unknown>> = {
    "every column, everyone": { columns: EXPORT_COLUMN_KEYS, scope: "all" },
    "default columns, no filter": { columns: DEFAULT_EXPORT_COLUMNS, scope: "filter" },
    "every column, filters ignored for everyone": { columns: EXPORT_COLUMN_KEYS, scope: "all", q: "zzz", state: "blocked" },
  };
  for (const column of EXPORT_COLUMN_KEYS) requests[`only ${column}`] = { columns: [column], scope: "all" };
  const filters: Record<string, Record<string, unknown>> = {
    "one term": { q: "ann" },
    "a term with a quote": { q: "o'neil" },
    "two terms": { q: "example.test line" },
    "a non-ASCII term": { q: "MÜLLER" },
    "percent and underscore": { q: "100%_" },
    "a backslash": { q: "\\" },
    // Terms under three characters match the start of a field (e1, n2 "end…"), not anywhere in it.
    "a short term": { q: "e" },
    "a term matching nothing": { q: "nobody-at-all" },
    "the tricky area": { area: areaIds.tricky },
    "partners, blocked": { area: areaIds.partners, state: "blocked" },
    active: { state: "active" },
    blocked: { state: "blocked" },
    waiting: { state: "waiting" },
    "inactive 30 days": { inactive: "30" },
    "never signed in": { inactive: "never" },
    "inactive, blocked, a term": { inactive: "180", state: "blocked", q: "blocked" },
  };
  for (const [name, filter] of Object.entries(filters))
    requests[`filter: ${name}`] = { columns: EXPORT_COLUMN_KEYS, scope: "filter", ...filter };
  return requests;
}

// Enough people for several of the old export's batches (5,000), some of them tricky.
const BULK = 12_345;
async function seedBulk(t: TestDatabase) {
  const areas = await createSite(t.db, { maxUsers: BULK, maxExtranetUsers: BULK });
  const names = ["Plain", "=Formula", "Comma, Name", 'Say "hi"', "Zoë", "Two\nLines", " spaced "];
  await t.db.account.createMany({
    data: Array.from({ length: BULK }, (_, i) => ({
      username: `bulk${String(i).padStart(5, "0")}`,
      email: `bulk${i}@example.test`,
      givenName: names[i % names.length],
      familyName: `Person${i % 997}`,
      externalId: i % 3 === 0 ? null : `ext-${i}`,
      areaId: i % 5 === 0 ? areas.partners.id : areas.intranet.id,
      state: i % 7 === 0 ? ("BLOCKED" as const) : ("ACTIVE" as const),
      blockedReason: i % 7 === 0 ? ("ADMIN" as const) : null,
      source: "IMPORT" as const,
      createdAt: new Date(CREATED.getTime() + i * 1000),
      lastSignInAt: i % 2 ? new Date(LONG_AGO.getTime() + i * 60_000) : null,
      lastActiveAt: i % 4 ? new Date(LONG_AGO.getTime() + i * 60_000) : null,
    })),
  });
}

const BULK_REQUESTS: Record<string, Record<string, unknown>> = {
  "every column, everyone": { columns: EXPORT_COLUMN_KEYS, scope: "all" },
  "only the user name": { columns: ["username"], scope: "all" },
  "blocked, one term": { columns: EXPORT_COLUMN_KEYS, scope: "filter", state: "blocked", q: "person1" },
  "inactive 90 days": { columns: DEFAULT_EXPORT_COLUMNS, scope: "filter", inactive: "90" },
};

async function exportBytes(pool: pg.Pool, request: Record<string, unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of exportPeopleCsv(exportRequestSchema.parse(request), pool)) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const writing = process.env.WRITE_EXPORT_FIXTURE === "1";
const expected: Fixture = writing ? { tricky: {}, bulk: {} } : JSON.parse(readFileSync(FIXTURE, "utf8"));
const databases: { t: TestDatabase; pool: pg.Pool }[] = [];

async function database() {
  const t = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: t.url, max: 2 });
  databases.push({ t, pool });
  return { t, pool };
}

afterAll(async () => {
  if (writing) writeFileSync(FIXTURE, JSON.stringify(expected, null, 2) + "\n");
  for (const { t, pool } of databases) {
    await pool.end();
    await t.close();
  }
});

describe("the export's bytes on tricky people", () => {
  let pool: pg.Pool;
  let requests: Record<string, Record<string, unknown>> = {};
  beforeAll(async () => {
    const opened = await database();
    pool = opened.pool;
    requests = trickyRequests(await seedTricky(opened.t));
  });

  it("are the frozen ones, for every column alone and together and every kind of filter", async () => {
    const names = Object.keys(requests);
    if (!writing) expect(names.sort()).toEqual(Object.keys(expected.tricky).sort());
    for (const name of names) {
      const text = (await exportBytes(pool, requests[name])).toString("utf8");
      if (writing) expected.tricky[name] = text;
      else expect(text, name).toBe(expected.tricky[name]);
    }
  });
});

describe("the export's bytes across many people", () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    const opened = await database();
    pool = opened.pool;
    await seedBulk(opened.t);
  });

  it("are the frozen ones", async () => {
    if (!writing) expect(Object.keys(BULK_REQUESTS).sort()).toEqual(Object.keys(expected.bulk).sort());
    for (const [name, request] of Object.entries(BULK_REQUESTS)) {
      const bytes = await exportBytes(pool, request);
      const seen = { sha256: createHash("sha256").update(bytes).digest("hex"), bytes: bytes.length };
      if (writing) expected.bulk[name] = seen;
      else expect(seen, name).toEqual(expected.bulk[name]);
    }
  });
  it("ends the COPY and closes its connection when the download stops early", async () => {
    const single = new pg.Pool({ connectionString: databases[1].t.url, max: 1 });
    try {
      const download = exportPeopleCsv(exportRequestSchema.parse(BULK_REQUESTS["every column, everyone"]), single);
      await download.next(); // the header
      await download.next(); // the first bytes of the COPY
      const { rows } = await pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (SELECT %'`,
      );
      expect(rows).toHaveLength(1);
      expect(single.totalCount).toBe(1);
      await download.return(undefined);
      expect(single.totalCount).toBe(0);
      let gone = false;
      for (let i = 0; i < 100 && !gone; i++) {
        const left = await pool.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1`, [rows[0].pid]);
        gone = left.rowCount === 0;
        if (!gone) await new Promise((r) => setTimeout(r, 50));
      }
      expect(gone).toBe(true);
      // The pool opens a new connection for the next download, which is whole.
      expect((await exportBytes(single, BULK_REQUESTS["only the user name"])).length).toBe(expected.bulk["only the user name"]?.bytes);
    } finally {
      await single.end();
    }
  });
});
