import { describe, expect, it } from "vitest";
import { assertIfMatch, notModified } from "./preconditions";
import { ScimError } from "./scim-error";

describe("ETag preconditions", () => {
  const version = 'W/"abc"';

  it("lets a write through with no If-Match, the current tag (weak or strong), one of a list, or *", () => {
    for (const header of [null, "", version, '"abc"', `"old", ${version}`, "*", ' W/"abc" ']) {
      expect(() => assertIfMatch(header, version), String(header)).not.toThrow();
    }
  });

  it("refuses a stale tag with a 412 that names the current version", () => {
    let caught: unknown;
    try {
      assertIfMatch('W/"old"', version);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 412, message: expect.stringContaining(version) });
    expect(() => assertIfMatch('"ab"', version)).toThrow(ScimError);
  });

  it("answers not modified only for a matching If-None-Match", () => {
    expect(notModified(version, version)).toBe(true);
    expect(notModified("*", version)).toBe(true);
    expect(notModified('W/"old"', version)).toBe(false);
    expect(notModified(null, version)).toBe(false);
  });
});
