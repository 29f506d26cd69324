import { describe, expect, it } from "vitest";
import { parseFilter } from "./filter";
import { ScimError } from "./scim-error";

describe("SCIM filters", () => {
  it("reads the filters Okta and Entra send", () => {
    expect(parseFilter('userName eq "jane@example.com"')).toEqual([{ attribute: "userName", value: "jane@example.com" }]);
    expect(parseFilter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c12ed4c3"')).toEqual([
      { attribute: "externalId", value: "0a21f0f2-8d2a-4f8e-bf98-7363c12ed4c3" },
    ]);
    expect(parseFilter('USERNAME EQ "A \\"quoted\\" name"')).toEqual([{ attribute: "userName", value: 'A "quoted" name' }]);
    expect(parseFilter('emails.value eq "x@y.z" and active eq true')).toEqual([
      { attribute: "emails.value", value: "x@y.z" },
      { attribute: "active", value: true },
    ]);
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "u"')).toEqual([{ attribute: "userName", value: "u" }]);
  });

  it.each([
    ['userName co "jane"', /operator "co"/],
    ['userName eq "a" or userName eq "b"', /Only "and"/],
    ['title eq "boss"', /Filtering on "title"/],
    ["userName eq jane", /quoted string/],
    ['userName eq "a" and', /ends after "and"/],
    ["userName eq", /ends before its value/],
    ['(userName eq "a")', /Grouping/],
    ["", /empty/],
    ['userName eq "unterminated', /could not be read/],
  ])("refuses %s as invalidFilter", (filter, message) => {
    let caught: unknown;
    try {
      parseFilter(filter);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect((caught as Error).message).toMatch(message);
  });
});
