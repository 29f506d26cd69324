import { describe, expect, it } from "vitest";
import { parseGroupFilter } from "./group-filter";
import { applyGroupPatch } from "./group-patch";

const ID = "11111111-2222-4333-8444-555555555555";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe("parseGroupFilter", () => {
  it("reads what Entra ID and Okta send", () => {
    expect(parseGroupFilter('displayName eq "Sales Team"')).toEqual({ AND: [{ displayNameKey: "sales team" }] });
    expect(parseGroupFilter('urn:ietf:params:scim:schemas:core:2.0:Group:displayName EQ "A \\"B\\""')).toEqual({
      AND: [{ displayNameKey: 'a "b"' }],
    });
    expect(parseGroupFilter(`id eq "${ID}" and members[value eq "${ID}"]`)).toEqual({
      AND: [{ id: ID }, { members: { some: { accountId: ID } } }],
    });
    expect(parseGroupFilter('externalId eq "Ext-1"')).toEqual({ AND: [{ externalId: "Ext-1" }] });
    expect(parseGroupFilter('members.value eq "not-a-uuid"')).toEqual({ AND: [{ id: { in: [] } }] });
  });

  it.each([
    ['displayName co "a"', /operator "co"/],
    ['displayName eq "a" or id eq "b"', /Only "and"/],
    ['(displayName eq "a")', /Grouping/],
    ["displayName eq a", /quoted string/],
    ['members[display eq "a"]', /members\[value eq/],
    [`members[value eq "${ID}"`, /close with/],
    ['displayName eq "a" and', /ends after "and"/],
    ["", /empty/],
  ])("refuses %s", (filter, message) => {
    expect(() => parseGroupFilter(filter)).toThrow(message);
  });
});

describe("applyGroupPatch", () => {
  const start = { displayName: "G", externalId: null, members: new Set(["a", "b"]) };
  const run = (...Operations: unknown[]) => applyGroupPatch(start, { schemas: [PATCH], Operations });

  it("applies ops in order to a copy", () => {
    const after = run(
      { op: "add", path: "members", value: [{ value: "c" }] },
      { op: "remove", path: 'members[value eq "a"]' },
      { op: "Remove", path: "members", value: [{ value: "b" }] },
      { op: "replace", value: { id: "ignored", displayName: "H", externalId: "x" } },
    );
    expect(after).toEqual({ displayName: "H", externalId: "x", members: new Set(["c"]) });
    expect(start.members).toEqual(new Set(["a", "b"]));
    expect(run({ op: "remove", path: "members" }).members.size).toBe(0);
    expect(run({ op: "replace", path: "members", value: [{ value: "z" }] }).members).toEqual(new Set(["z"]));
  });

  it("refuses what it cannot apply", () => {
    expect(() => run({ op: "add", path: 'members[value eq "a"]', value: "x" })).toThrow(/Use "members"/);
    expect(() => run({ op: "replace", path: "displayName", value: "  " })).toThrow(/cannot be empty/);
    expect(() => run({ op: "add", path: "members", value: [{ value: "g", type: "Group" }] })).toThrow(/Groups cannot be members/);
    expect(() => run({ op: "remove" })).toThrow(/needs a path/);
    expect(() => applyGroupPatch(start, { Operations: [] })).toThrow(/schemas/);
  });
});
