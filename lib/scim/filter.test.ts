import { describe, expect, it } from "vitest";
import { parseFilter, type Filter } from "./filter";
import { ScimError } from "./scim-error";

const at = (path: string, schema: string | null = null, text = schema ? `${schema}:${path}` : path) => ({ schema, path, text });

/** The tree as a compact string, so precedence and grouping read at a glance. */
function show(filter: Filter): string {
  switch (filter.op) {
    case "and":
    case "or":
      return `(${show(filter.left)} ${filter.op} ${show(filter.right)})`;
    case "not":
      return `not ${show(filter.filter)}`;
    case "pr":
      return `${filter.attribute.path} pr`;
    case "valuePath":
      return `${filter.attribute.path}[${show(filter.filter)}]`;
    default:
      return `${filter.attribute.path} ${filter.op} ${JSON.stringify(filter.value)}`;
  }
}

describe("SCIM filter parser", () => {
  it("reads the filters Okta and Entra send", () => {
    expect(parseFilter('userName eq "jane@example.com"')).toEqual({ op: "eq", attribute: at("userName"), value: "jane@example.com" });
    expect(parseFilter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c12ed4c3"')).toMatchObject({ op: "eq", attribute: at("externalId") });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "u"')).toEqual({
      op: "eq",
      attribute: at("userName", "urn:ietf:params:scim:schemas:core:2.0:User"),
      value: "u",
    });
  });

  it("reads every operator, case-insensitively, and every kind of value", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(parseFilter(`title ${op.toUpperCase()} "x"`)).toMatchObject({ op, value: "x" });
    }
    expect(parseFilter("title PR")).toEqual({ op: "pr", attribute: at("title") });
    expect(parseFilter("active eq TRUE")).toMatchObject({ value: true });
    expect(parseFilter("active eq false")).toMatchObject({ value: false });
    expect(parseFilter("manager eq null")).toMatchObject({ value: null });
    expect(parseFilter("age gt 42")).toMatchObject({ value: 42 });
    expect(parseFilter("score le -1.5e3")).toMatchObject({ value: -1500 });
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({ op: "gt", attribute: at("meta.lastModified") });
  });

  it("decodes JSON string escapes", () => {
    expect(parseFilter('userName eq "A \\"quoted\\" name"')).toMatchObject({ value: 'A "quoted" name' });
    expect(parseFilter('userName eq "back\\\\slash"')).toMatchObject({ value: "back\\slash" });
    expect(parseFilter('userName eq "caf\\u00e9 \\/ tab\\tend"')).toMatchObject({ value: "café / tab\tend" });
    expect(parseFilter('userName eq "ends with \\\\"')).toMatchObject({ value: "ends with \\" });
    expect(parseFilter('userName eq ""')).toMatchObject({ value: "" });
  });

  it("binds not tighter than and, and and tighter than or; parentheses group", () => {
    expect(show(parseFilter('a eq "1" or b eq "2" and c eq "3"'))).toBe('(a eq "1" or (b eq "2" and c eq "3"))');
    expect(show(parseFilter('(a eq "1" or b eq "2") and c eq "3"'))).toBe('((a eq "1" or b eq "2") and c eq "3")');
    expect(show(parseFilter('a eq "1" and b eq "2" and c eq "3"'))).toBe('((a eq "1" and b eq "2") and c eq "3")');
    expect(show(parseFilter('a eq "1" OR b eq "2" or c eq "3"'))).toBe('((a eq "1" or b eq "2") or c eq "3")');
    expect(show(parseFilter('not (a eq "1") and b pr'))).toBe('(not a eq "1" and b pr)');
    expect(show(parseFilter('NOT(a eq "1" or b eq "2")'))).toBe('not (a eq "1" or b eq "2")');
    expect(show(parseFilter('((a eq "1"))'))).toBe('a eq "1"');
  });

  it("reads value paths, with their own logic inside the brackets", () => {
    expect(show(parseFilter('emails[type eq "work" and value co "@example.com"]'))).toBe(
      'emails[(type eq "work" and value co "@example.com")]',
    );
    expect(show(parseFilter('userType eq "Employee" and (emails[type eq "work"] or emails.value co "@x")'))).toBe(
      '(userType eq "Employee" and (emails[type eq "work"] or emails.value co "@x"))',
    );
    expect(show(parseFilter('members[value eq "2819c223"]'))).toBe('members[value eq "2819c223"]');
    expect(show(parseFilter('emails[not (type eq "home")]'))).toBe('emails[not type eq "home"]');
  });

  it("keeps the schema URN of extension attributes", () => {
    const urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    expect(parseFilter(`${urn}:employeeNumber eq "701984"`)).toMatchObject({ attribute: at("employeeNumber", urn) });
    expect(parseFilter(`${urn}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toMatchObject({
      attribute: at("manager.value", urn),
    });
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ['userName eq "unterminated', /not closed/],
    ['userName eq "bad \\x escape"', /not closed or holds a bad escape|escape/],
    ['userName foo "x"', /Expected an operator .* after "userName" at position 10, found "foo"/],
    ["userName eq", /ends before the value compared with "userName"/],
    ["userName eq jane", /value jane at position 13 must be a quoted string/],
    ['userName eq "a" and', /ends where an expression was expected/],
    ['userName eq "a" or', /ends where an expression was expected/],
    ['userName eq "a" userName eq "b"', /Expected "and", "or" or the end of the filter at position 17/],
    ['(userName eq "a"', /Expected "\)" to close the "\(" at position 1 at the end of the filter/],
    ['userName eq "a")', /Unbalanced "\)"/],
    ['not userName eq "a"', /Expected "\(" after "not"/],
    ['emails[type eq "work"', /Expected "]" to close the "\["/],
    ['emails[type eq "work" and x[y eq "1"]]', /cannot be nested/],
    ['name.givenName[value eq "1"]', /multi-valued/],
    ['"userName" eq "a"', /Expected an attribute name at position 1/],
    ['userName eq "\\u0000"', /control characters/],
    ['userName eq "a" & b', /Unexpected "& b"/],
    ['1name eq "x"', /Expected an attribute name|Unexpected/],
    ["x".repeat(2001), /longer than 2000/],
    [`${"(".repeat(40)}a pr${")".repeat(40)}`, /nests more than 32 levels/],
  ])("refuses %j as invalidFilter", (filter, message) => {
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
