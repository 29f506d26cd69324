import { describe, expect, it } from "vitest";
import { listQueryFromSearchRequest, listQueryFromUrl } from "./list-query";
import { ScimError } from "./scim-error";

const url = (query: string) => new URL(`http://x/scim/v2/Users?${query}`);

describe("list queries", () => {
  it("reads the query string with RFC 7644 defaults and clamps", () => {
    expect(listQueryFromUrl(url(""))).toEqual({
      filter: null,
      sortBy: null,
      sortOrder: "ascending",
      startIndex: 1,
      count: 100,
      attributes: null,
      excludedAttributes: null,
    });
    expect(listQueryFromUrl(url("startIndex=0&count=-5&sortOrder=Descending&sortBy=%20userName%20"))).toMatchObject({
      startIndex: 1,
      count: 0,
      sortOrder: "descending",
      sortBy: "userName",
    });
    expect(listQueryFromUrl(url("count=5000")).count).toBe(200);
    expect(listQueryFromUrl(url("attributes=userName,%20name.givenName,,")).attributes).toEqual(["userName", "name.givenName"]);
    expect(listQueryFromUrl(url('filter=userName%20eq%20"a"')).filter).toMatchObject({ op: "eq", value: "a" });
  });

  it("reads a SearchRequest body the same way", () => {
    expect(
      listQueryFromSearchRequest({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        filter: "userName pr",
        startIndex: 3,
        count: 2,
        excludedAttributes: ["meta"],
      }),
    ).toMatchObject({ filter: { op: "pr" }, startIndex: 3, count: 2, excludedAttributes: ["meta"] });
    // A comma-separated string is read as in a URL.
    expect(
      listQueryFromSearchRequest({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], attributes: "userName,active" })
        .attributes,
    ).toEqual(["userName", "active"]);
  });

  it.each([
    [() => listQueryFromUrl(url("startIndex=1.5")), "invalidValue", /startIndex must be an integer/],
    [() => listQueryFromUrl(url("sortOrder=up")), "invalidValue", /sortOrder must be/],
    [() => listQueryFromUrl(url("filter=")), "invalidFilter", /empty/],
    [() => listQueryFromSearchRequest({ filter: "userName pr" }), "invalidSyntax", /schemas must be/],
    [
      () => listQueryFromSearchRequest({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], count: "ten" }),
      "invalidValue",
      /count must be an integer/,
    ],
    [
      () => listQueryFromSearchRequest({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], attributes: [1] }),
      "invalidValue",
      /attributes must be a list/,
    ],
    [
      () => listQueryFromSearchRequest({ schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], colour: "red" }),
      "invalidSyntax",
      /Unknown SearchRequest attribute "colour"/,
    ],
  ])("refuses bad input with a SCIM error (%#)", (read, scimType, message) => {
    let caught: unknown;
    try {
      read();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType });
    expect((caught as Error).message).toMatch(message);
  });
});
