import { describe, expect, it } from "vitest";
import { applyGroupPatch } from "./group-patch";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

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
