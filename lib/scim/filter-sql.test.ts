import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { Prisma } from "../generated/prisma/client";
import { createAccount } from "../licensing";
import { parseFilter } from "./filter";
import { filterToSql } from "./filter-sql";
import { ScimError } from "./scim-error";
import { USER_FILTER_SCHEMA } from "./user-attributes";

// Every operator against five hand-made accounts whose expected matches are worked out by hand,
// including values that are LIKE wildcards (%, _, \) and attributes some accounts lack.

let t: TestDatabase;
const admin = { id: null, label: "admin" };
const ids: Record<string, string> = {};
const created: Record<string, Date> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 100 });
  const people = [
    ["alice", "alice@example.com", "Alice", "Archer", "EXT-1", "Ally A.", areas.intranet.id, false],
    ["bob", "bob@work.example.com", "Bob", "Baker", undefined, null, areas.intranet.id, false],
    ["carol_x", "carol_x@example.com", "Carol", "O'Connor", "ext-1", null, areas.intranet.id, true],
    ["dan.percent", "dan@example.org", "Dan 100%", "Back\\Slash", "x_y", null, areas.suppliers.id, true],
    ["eve@example.com", "eve@example.com", "Ève", "Zed", "x%y", "ÈVE Z", areas.partners.id, false],
  ] as const;
  for (const [username, email, givenName, familyName, externalId, displayName, areaId, blocked] of people) {
    const account = await createAccount(
      {
        actor: admin,
        source: "DIRECTORY",
        blocked: blocked ? { reason: "DIRECTORY" } : undefined,
        account: { username, email, givenName, familyName, externalId, displayName, areaId },
      },
      t.db,
    );
    ids[username] = account.id;
    created[username] = account.createdAt;
    await new Promise((r) => setTimeout(r, 5)); // distinct creation times
  }
});
afterAll(async () => t.close());

async function matching(filter: string): Promise<string[]> {
  const where = filterToSql(parseFilter(filter), USER_FILTER_SCHEMA);
  const rows = await t.db.$queryRaw<{ username: string }[]>`SELECT a."username" FROM "Account" a WHERE ${where} ORDER BY a."username"`;
  return rows.map((r) => r.username);
}

const ALL = ["alice", "bob", "carol_x", "dan.percent", "eve@example.com"];

describe("SCIM filters as SQL, against hand-computed sets", () => {
  it.each([
    // userName: case-insensitive
    ['userName eq "ALICE"', ["alice"]],
    ['USERNAME EQ "bob"', ["bob"]],
    ['userName ne "alice"', ["bob", "carol_x", "dan.percent", "eve@example.com"]],
    ['userName co "_"', ["carol_x"]],
    ['userName co "%"', []],
    ['userName sw "EVE@"', ["eve@example.com"]],
    ['userName ew ".com"', ["eve@example.com"]],
    ['userName gt "carol_x"', ["dan.percent", "eve@example.com"]],
    ['userName ge "carol_x"', ["carol_x", "dan.percent", "eve@example.com"]],
    ['userName lt "bob"', ["alice"]],
    ['userName le "bob"', ["alice", "bob"]],
    ["userName pr", ALL],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "Bob"', ["bob"]],
    // emails: one work address, primary
    ['emails.value ew "@EXAMPLE.com"', ["alice", "carol_x", "eve@example.com"]],
    ['emails co "work."', ["bob"]],
    ['emails[type eq "work" and value co "@example.com"]', ["alice", "carol_x", "eve@example.com"]],
    ['emails[type eq "home"]', []],
    ["emails[primary eq true]", ALL],
    ['emails[not (value ew ".com")]', ["dan.percent"]],
    // externalId: case-exact, absent for bob
    ['externalId eq "EXT-1"', ["alice"]],
    ['externalId eq "ext-1"', ["carol_x"]],
    ['externalId co "%"', ["eve@example.com"]],
    ['externalId co "_"', ["dan.percent"]],
    ['externalId sw "x"', ["dan.percent", "eve@example.com"]],
    ["externalId pr", ["alice", "carol_x", "dan.percent", "eve@example.com"]],
    ["not (externalId pr)", ["bob"]],
    ["externalId eq null", ["bob"]],
    ['externalId ne "EXT-1"', ["bob", "carol_x", "dan.percent", "eve@example.com"]],
    ['not (externalId eq "EXT-1")', ["bob", "carol_x", "dan.percent", "eve@example.com"]],
    // names: case-insensitive, LIKE characters are plain
    ['name.givenName co "100%"', ["dan.percent"]],
    ['name.givenName co "0%"', ["dan.percent"]],
    ['name.givenName co "1_0"', []],
    ['name.familyName eq "back\\\\slash"', ["dan.percent"]],
    ['name.familyName sw "back\\\\"', ["dan.percent"]],
    ['name.familyName co "\'"', ["carol_x"]],
    ['name.givenName eq "Ève"', ["eve@example.com"]],
    ['name.givenName lt "b"', ["alice"]],
    ['name.formatted eq "bob baker"', ["bob"]],
    ['urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw "B"', ["bob", "dan.percent"]],
    // displayName: stored, or first and last name
    ['displayName eq "ally a."', ["alice"]],
    ['displayName eq "Bob Baker"', ["bob"]],
    ['displayName eq "alice archer"', []],
    ["displayName pr", ALL],
    // active
    ["active eq true", ["alice", "bob", "eve@example.com"]],
    ['active eq "False"', ["carol_x", "dan.percent"]],
    ["active ne true", ["carol_x", "dan.percent"]],
    ["active pr", ALL],
    // extension attribute
    ['urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User:area eq "partners"', ["eve@example.com"]],
    // logic
    ['userName eq "alice" or userName eq "bob" and active eq false', ["alice"]],
    ['(userName eq "alice" or userName eq "bob") and active eq true', ["alice", "bob"]],
    ['not (userName eq "alice" or userName eq "bob")', ["carol_x", "dan.percent", "eve@example.com"]],
    ['not (not (userName eq "alice"))', ["alice"]],
    ['active eq false or emails[value ew ".org"] or externalId eq "EXT-1"', ["alice", "carol_x", "dan.percent"]],
  ])("%s", async (filter, expected) => {
    expect(await matching(filter)).toEqual(expected);
  });

  it("compares ids as uuids and dates as instants", async () => {
    expect(await matching(`id eq "${ids.alice}"`)).toEqual(["alice"]);
    expect(await matching(`id eq "${ids.alice.toUpperCase()}"`)).toEqual(["alice"]);
    expect(await matching('id eq "not-a-uuid"')).toEqual([]);
    expect(await matching('id ne "not-a-uuid"')).toEqual(ALL);
    expect(await matching(`meta.created ge "${created.carol_x.toISOString()}"`)).toEqual(["carol_x", "dan.percent", "eve@example.com"]);
    expect(await matching(`meta.created gt "${created.carol_x.toISOString()}"`)).toEqual(["dan.percent", "eve@example.com"]);
    expect(await matching(`meta.created eq "${created.bob.toISOString()}"`)).toEqual(["bob"]);
    expect(await matching(`meta.lastModified lt "2000-01-01T00:00:00Z"`)).toEqual([]);
  });

  it("sends every value as a parameter, never in the SQL text", () => {
    const value = `x'; DROP TABLE "Account"; --`;
    const sql = filterToSql(
      parseFilter(`userName eq ${JSON.stringify(value)} or name.givenName co ${JSON.stringify(value)}`),
      USER_FILTER_SCHEMA,
    );
    expect(sql.sql).not.toContain("DROP");
    expect(sql.values).toEqual([value.toLowerCase(), `%${value}%`]);
    expect(sql).toBeInstanceOf(Prisma.Sql);
  });

  it.each([
    ['title eq "boss"', /Unknown attribute "title": filters and sorting can use id, externalId, userName/],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"', /Unknown attribute/],
    ['emails[kind eq "work"]', /Unknown attribute "emails.kind"/],
    ['userName[value eq "x"]', /not a multi-valued attribute/],
    ["active gt true", /only eq, ne and pr apply/],
    ['active eq "maybe"', /true or false/],
    ["userName eq 5", /compare it with a quoted string/],
    ["userName co null", /cannot be compared with null using co/],
    ['meta.created gt "yesterday"', /is a date-time/],
    ['meta.created co "2026"', /is a date-time/],
  ])("refuses %s with a message saying what is wrong", async (filter, message) => {
    let caught: unknown;
    try {
      await matching(filter);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect((caught as Error).message).toMatch(message);
  });
});
