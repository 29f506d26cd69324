import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../../test/database";
import { applyLicense, blockAccount, createAccount } from "../../licensing";
import { ImportFileError, MAX_IMPORT_BYTES, applyImport, checkImport, guessMapping, importResultCsv, readImportFile } from "./csv-import";

const actor = { id: null, label: "peopleadmin" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

const csv = (rows: string[][]) => Papa.unparse(rows);
const header = ["Username", "E-mail", "First name", "Last name", "Area"];
const row = (n: string, area = "") => [`imp.${n}`, `imp.${n}@example.test`, "Imp", `Person ${n}`, area];

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 3, maxExtranetUsers: 0 });
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
});

describe("reading the file", () => {
  it.each([
    ["", /empty/],
    ["\u0000\u0001PK binary", /not a CSV file/],
    ["just one column\nx\n", /header/],
    ["username,,email\na,b,c\n", /unnamed/],
    ["username,email,email\na,b,c\n", /twice/],
    ["username,email\n", /no people/],
    ['username,email\n"unterminated,quote\n', /could not be read as CSV/],
    ["x".repeat(MAX_IMPORT_BYTES + 1), /larger than 5 MB/],
  ])("refuses %j with a clear reason", (text, reason) => {
    expect(() => readImportFile(text)).toThrow(ImportFileError);
    expect(() => readImportFile(text)).toThrow(reason);
  });

  it("guesses the mapping from usual header names", () => {
    expect(guessMapping(["E-Mail", "Surname", "First_Name", "userPrincipalName", "Area"])).toEqual({
      username: 3,
      email: 0,
      givenName: 2,
      familyName: 1,
      area: 4,
      externalId: -1,
    });
  });
});

describe("checking rows", () => {
  it("reports bad e-mails, missing fields, unknown areas and duplicates per row", async () => {
    await createAccount(
      { actor, source: "FORM", account: person(areas.intranet.id, { username: "taken", email: "taken@example.test" }) },
      t.db,
    );
    const table = readImportFile(
      csv([
        header,
        row("ok"),
        ["imp.bad", "not-an-email", "A", "B", ""],
        ["imp.nofirst", "nofirst@example.test", "", "B", ""],
        row("mars", "Mars"),
        row("ok"),
        ["taken", "new@example.test", "A", "B", ""],
      ]),
    );
    const checks = await checkImport(table, guessMapping(table.headers), t.db);
    expect(checks.map((c) => [c.line, c.errors.length > 0])).toEqual([
      [2, false],
      [3, true],
      [4, true],
      [5, true],
      [6, true],
      [7, true],
    ]);
    expect(checks[1].errors.join()).toMatch(/valid e-mail/);
    expect(checks[2].errors.join()).toMatch(/First name: missing/);
    expect(checks[3].errors.join()).toMatch(/Unknown area "Mars"/);
    expect(checks[4].errors.join()).toMatch(/also on line 2/);
    expect(checks[5].errors.join()).toMatch(/already exists/);
    await expect(checkImport(table, { ...guessMapping(table.headers), email: -1 }, t.db)).rejects.toThrow(/Map a column to E-mail/);
  });
});

describe("applying", () => {
  it("manual mode refuses rows past the limit, row by row, with the reason", async () => {
    const text = csv([header, row("1"), row("2"), row("3"), row("4"), row("5"), ["imp.x", "broken", "A", "B", ""]]);
    const outcomes = await applyImport({ actor, text, mapping: guessMapping(header), mode: "manual" }, t.db);
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "created", "created", "refused", "refused", "invalid"]);
    expect(outcomes[3].reason).toMatch(/No free seat in the primary area \(Max_Users\): 3 of 3/);
    expect(await t.db.account.count()).toBe(3);
    const result = Papa.parse<string[]>(importResultCsv(readImportFile(text), outcomes).slice(1)).data;
    expect(result[0]).toEqual([...header, "Outcome", "Reason"]);
    expect(result[4].slice(-2)[0]).toBe("refused");
  });

  it("directory sync mode creates the rows past the limit blocked, waiting, and a later sync import activates them oldest first", async () => {
    const text = csv([header, row("a"), row("b"), row("c"), row("d"), row("e")]);
    const outcomes = await applyImport({ actor, text, mapping: guessMapping(header), mode: "sync" }, t.db);
    expect(outcomes.map((o) => o.outcome)).toEqual(["created", "created", "created", "waiting", "waiting"]);
    expect(await t.db.account.count({ where: { blockedReason: "NO_SEAT" } })).toBe(2);
    // A seat frees; the next sync import (even of an unrelated file) activates the oldest waiting.
    await blockAccount({ actor, accountId: (await t.db.account.findUniqueOrThrow({ where: { username: "imp.a" } })).id }, t.db);
    await applyLicense(
      { actor, terms: { siteId: "test-site", licenseId: "L2", licensee: "T", issuedAt: new Date(), maxUsers: 3, maxExtranetUsers: 0 } },
      t.db,
    );
    const second = await applyImport({ actor, text: csv([header, row("f")]), mapping: guessMapping(header), mode: "sync" }, t.db);
    expect(second.map((o) => o.outcome)).toEqual(["waiting"]);
    expect((await t.db.account.findUniqueOrThrow({ where: { username: "imp.d" } })).state).toBe("ACTIVE");
    expect((await t.db.account.findUniqueOrThrow({ where: { username: "imp.e" } })).state).toBe("BLOCKED");
  });

  it("writes nothing for a file it cannot read", async () => {
    await expect(applyImport({ actor, text: "", mapping: {}, mode: "manual" }, t.db)).rejects.toBeInstanceOf(ImportFileError);
    await expect(applyImport({ actor, text: csv([header, row("z")]), mapping: { username: 0 }, mode: "manual" }, t.db)).rejects.toThrow(
      /Map a column/,
    );
    expect(await t.db.account.count()).toBe(0);
  });
});
