import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { Prisma } from "../generated/prisma/client";
import { createAccount } from "../licensing";
import { parseFilter } from "./filter";
import { filterToSql, sortKeySql } from "./filter-sql";
import { GROUP_FILTER_SCHEMA } from "./group-attributes";
import { ScimError } from "./scim-error";

// /Groups filters: every operator against four hand-made groups whose matches are worked out by
// hand, including LIKE wildcards in names and external ids, a group without members and one
// without an external id, and value paths whose conditions must hold for one and the same member.

let t: TestDatabase;
const admin = { id: null, label: "admin" };
const user: Record<string, string> = {};
const group: Record<string, { id: string; createdAt: Date }> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 100 });
  for (const username of ["alice", "bob", "carol"]) {
    const account = await createAccount(
      {
        actor: admin,
        source: "DIRECTORY",
        account: { username, email: `${username}@example.com`, givenName: username, familyName: "X", areaId: areas.intranet.id },
      },
      t.db,
    );
    user[username] = account.id;
  }
  const groups: [string, string | null, string[]][] = [
    ["Sales", "EXT-1", ["alice", "bob"]],
    ["sales_eu", "ext-1", ["carol"]],
    ["R&D 100%", null, []],
    ["Back\\Slash", "x%y", ["alice"]],
  ];
  for (const [displayName, externalId, members] of groups) {
    const created = await t.db.scimGroup.create({
      data: {
        displayName,
        displayNameKey: displayName.toLowerCase(),
        externalId,
        members: { create: members.map((m) => ({ accountId: user[m] })) },
      },
    });
    group[displayName] = created;
    await new Promise((r) => setTimeout(r, 5)); // distinct creation times
  }
});
afterAll(async () => t.close());

async function matching(filter: string): Promise<string[]> {
  const where = filterToSql(parseFilter(filter), GROUP_FILTER_SCHEMA);
  const rows = await t.db.$queryRaw<{ displayName: string }[]>`
    SELECT g."displayName" FROM "ScimGroup" g WHERE ${where} ORDER BY g."displayNameKey" COLLATE "C"`;
  return rows.map((r) => r.displayName);
}

const ALL = ["Back\\Slash", "R&D 100%", "Sales", "sales_eu"];
const WITH_MEMBERS = ["Back\\Slash", "Sales", "sales_eu"];

describe("/Groups filters as SQL, against hand-computed sets", () => {
  it.each([
    // displayName: case-insensitive (RFC 7643 4.2), LIKE characters are plain
    ['displayName eq "SALES"', ["Sales"]],
    ['DISPLAYNAME EQ "sales_EU"', ["sales_eu"]],
    ['displayName ne "sales"', ["Back\\Slash", "R&D 100%", "sales_eu"]],
    ['displayName co "_"', ["sales_eu"]],
    ['displayName co "%"', ["R&D 100%"]],
    ['displayName co "0%"', ["R&D 100%"]],
    ['displayName co "1_0"', []],
    ['displayName sw "sales"', ["Sales", "sales_eu"]],
    ['displayName ew "EU"', ["sales_eu"]],
    ['displayName eq "back\\\\slash"', ["Back\\Slash"]],
    ['displayName sw "back\\\\"', ["Back\\Slash"]],
    ['displayName gt "sales"', ["sales_eu"]],
    ['displayName ge "r&d 100%"', ["R&D 100%", "Sales", "sales_eu"]],
    ['displayName lt "r"', ["Back\\Slash"]],
    ['displayName le "sales"', ["Back\\Slash", "R&D 100%", "Sales"]],
    ["displayName pr", ALL],
    ['urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "sales"', ["Sales"]],
    // externalId: case-exact, absent for R&D
    ['externalId eq "EXT-1"', ["Sales"]],
    ['externalId eq "ext-1"', ["sales_eu"]],
    ['externalId co "%"', ["Back\\Slash"]],
    ['externalId sw "EXT"', ["Sales"]],
    ["externalId pr", WITH_MEMBERS],
    ["externalId eq null", ["R&D 100%"]],
    ["not (externalId pr)", ["R&D 100%"]],
    ['externalId ne "EXT-1"', ["Back\\Slash", "R&D 100%", "sales_eu"]],
    // members: an EXISTS over the member table
    ["members pr", WITH_MEMBERS],
    ["not (members pr)", ["R&D 100%"]],
    ['members[display eq "BOB"]', ["Sales"]],
    ['members.display co "o"', ["Sales", "sales_eu"]],
    ['members[display sw "a" or display sw "c"]', WITH_MEMBERS],
    ['members[type eq "user"]', WITH_MEMBERS],
    ['members[not (display eq "alice")]', ["Sales", "sales_eu"]],
    // logic
    ['displayName eq "sales" or displayName eq "sales_eu" and externalId eq "nope"', ["Sales"]],
    ['(displayName eq "sales" or externalId eq "x%y") and members pr', ["Back\\Slash", "Sales"]],
    ['displayName eq "r&d 100%" or members[display eq "carol"]', ["R&D 100%", "sales_eu"]],
    ['not (displayName sw "sales" or externalId pr)', ["R&D 100%"]],
  ])("%s", async (filter, expected) => {
    expect(await matching(filter)).toEqual(expected);
  });

  it("matches members by id, one and the same member for a value path's conditions", async () => {
    const { alice, bob, carol } = user;
    expect(await matching(`members[value eq "${alice}"]`)).toEqual(["Back\\Slash", "Sales"]);
    expect(await matching(`members.value eq "${alice.toUpperCase()}"`)).toEqual(["Back\\Slash", "Sales"]);
    expect(await matching(`members eq "${carol}"`)).toEqual(["sales_eu"]);
    expect(await matching('members.value eq "not-a-uuid"')).toEqual([]);
    // Entra's membership check.
    expect(await matching(`id eq "${group.Sales.id}" and members[value eq "${bob}"]`)).toEqual(["Sales"]);
    expect(await matching(`id eq "${group.sales_eu.id}" and members[value eq "${bob}"]`)).toEqual([]);
    // Both conditions on one member: nobody is alice and bob; separately, Sales has both.
    expect(await matching(`members[value eq "${alice}" and display eq "bob"]`)).toEqual([]);
    expect(await matching(`members[value eq "${alice}"] and members[display eq "bob"]`)).toEqual(["Sales"]);
    expect(await matching(`not (members[value eq "${alice}"])`)).toEqual(["R&D 100%", "sales_eu"]);
    expect(await matching(`displayName sw "sales" and not (members.value eq "${carol}")`)).toEqual(["Sales"]);
  });

  it("compares ids as uuids and dates as instants", async () => {
    expect(await matching(`id eq "${group["R&D 100%"].id}"`)).toEqual(["R&D 100%"]);
    expect(await matching('id eq "not-a-uuid"')).toEqual([]);
    expect(await matching('id ne "not-a-uuid"')).toEqual(ALL);
    expect(await matching(`meta.created gt "${group.sales_eu.createdAt.toISOString()}"`)).toEqual(["Back\\Slash", "R&D 100%"]);
    expect(await matching(`meta.created le "${group.sales_eu.createdAt.toISOString()}"`)).toEqual(["Sales", "sales_eu"]);
    expect(await matching(`meta.lastModified lt "2000-01-01T00:00:00Z"`)).toEqual([]);
  });

  it("sends every value as a parameter, never in the SQL text", () => {
    const value = `x'; DROP TABLE "ScimGroup"; --`;
    const sql = filterToSql(
      parseFilter(`displayName eq ${JSON.stringify(value)} or members[display co ${JSON.stringify(value)}]`),
      GROUP_FILTER_SCHEMA,
    );
    expect(sql.sql).not.toContain("DROP");
    expect(sql.values).toEqual([value.toLowerCase(), `%${value.toLowerCase()}%`]);
    expect(sql).toBeInstanceOf(Prisma.Sql);
  });

  it.each([
    ['title eq "boss"', /Unknown attribute "title": filters and sorting can use id, externalId, displayName, meta.created/],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"',
      /Unknown attribute "urn:ietf:params:scim:schemas:core:2.0:User:userName"/,
    ],
    ['members[kind eq "x"]', /Unknown attribute "members.kind"/],
    ['members.kind eq "x"', /Unknown attribute "members.kind"/],
    ['displayName[value eq "x"]', /not a multi-valued attribute/],
    ["members[value eq 1]", /compare it with a quoted string/],
    ["displayName co null", /cannot be compared with null using co/],
    ['meta.created co "2026"', /is a date-time/],
    ['meta.lastModified gt "last week"', /is a date-time/],
    ['members[value eq "a" and members[value eq "b"]]', /cannot be nested/],
  ])("refuses %s with a message naming what is wrong", async (filter, message) => {
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

describe("parsing what directories send on /Groups", () => {
  it("reads Entra's membership check and Okta's lookup into trees", () => {
    const id = "11111111-2222-4333-8444-555555555555";
    expect(parseFilter(`id eq "${id}" and members[value eq "${id}"]`)).toEqual({
      op: "and",
      left: { op: "eq", attribute: { schema: null, path: "id", text: "id" }, value: id },
      right: {
        op: "valuePath",
        attribute: { schema: null, path: "members", text: "members" },
        filter: { op: "eq", attribute: { schema: null, path: "value", text: "value" }, value: id },
      },
    });
    expect(parseFilter('displayName eq "A \\"B\\""')).toMatchObject({ op: "eq", value: 'A "B"' });
  });
});

describe("sortBy on /Groups", () => {
  it("sorts on single-valued attributes only", () => {
    expect(sortKeySql("displayName", GROUP_FILTER_SCHEMA).sql).toBe('g."displayNameKey"');
    expect(sortKeySql("meta.created", GROUP_FILTER_SCHEMA).sql).toBe('g."createdAt"');
    expect(() => sortKeySql("members.value", GROUP_FILTER_SCHEMA)).toThrow(/Cannot sort by "members.value": a resource has several/);
    expect(() => sortKeySql("title", GROUP_FILTER_SCHEMA)).toThrow(/Cannot sort by "title": Unknown attribute/);
    expect(() => sortKeySql("a b", GROUP_FILTER_SCHEMA)).toThrow(/not an attribute name/);
  });
});
