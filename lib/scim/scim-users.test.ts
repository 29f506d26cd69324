import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { CORE_USER, PATCH_OP, scimClient } from "../../test/scim-client";
import { applyLicense, blockAccount } from "../licensing";
import { createScimToken } from "./tokens";

// The gaps outside clients found (issue 15), each proved through the handler the route uses,
// then the request sequences Entra ID and Okta send for users, as they send them.

let t: TestDatabase;
let token: string;
let scim: ReturnType<typeof scimClient>;
const admin = { id: null, label: "admin" };
const SEATKEEPER = "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User";

const user = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [CORE_USER],
  userName,
  name: { givenName: "Jane", familyName: "Doe" },
  emails: [{ primary: true, value: userName, type: "work" }],
  active: true,
  ...extra,
});
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const q = (filter: string) => encodeURIComponent(filter);

beforeAll(async () => {
  t = await createTestDatabase();
  await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 100 });
  token = (await createScimToken({ actor: admin, name: "Tests" }, t.db)).token;
  scim = scimClient(t.db, () => token);
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await applyLicense(
    {
      actor: admin,
      terms: { siteId: "test-site", licenseId: "L", licensee: "T", issuedAt: new Date(), maxUsers: 1000, maxExtranetUsers: 100 },
    },
    t.db,
  );
});

describe("displayName", () => {
  it("is stored from POST, PUT and Entra's PATCH, returned as stored, and defaults to the name parts", async () => {
    const created = await scim("POST", "Users", user("jane@example.com", { displayName: "Jane D." }));
    expect(created.body.displayName).toBe("Jane D.");
    const id = created.body.id;

    const put = await scim("PUT", `Users/${id}`, user("jane@example.com", { displayName: "Renamed One" }));
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe("Renamed One");
    expect((await scim("GET", `Users/${id}`)).body.displayName).toBe("Renamed One");
    expect(await t.db.account.findUniqueOrThrow({ where: { id } })).toMatchObject({ displayName: "Renamed One" });

    const entra = await scim("PATCH", `Users/${id}`, patch({ op: "Replace", path: "displayName", value: "Entra Renamed" }));
    expect(entra.body.displayName).toBe("Entra Renamed");
    expect((await scim("GET", `Users/${id}`)).body.displayName).toBe("Entra Renamed");
    expect(
      await t.db.auditEvent.count({ where: { action: "account.update", after: { path: ["displayName"], equals: "Entra Renamed" } } }),
    ).toBe(1);

    // A PUT without displayName replaces it with nothing: the name parts show again.
    const cleared = await scim("PUT", `Users/${id}`, user("jane@example.com", { name: { givenName: "Janet", familyName: "Doe" } }));
    expect(cleared.body.displayName).toBe("Janet Doe");
    await scim("PATCH", `Users/${id}`, patch({ op: "add", value: { displayName: "JD" } }));
    const removed = await scim("PATCH", `Users/${id}`, patch({ op: "remove", path: "displayName" }));
    expect(removed.body.displayName).toBe("Janet Doe");
    expect((await scim("GET", `Users/${id}`)).body.displayName).toBe("Janet Doe");
  });

  it("is read-write in the schema, and a bad one is refused", async () => {
    const schema = (await scim("GET", `Schemas/${CORE_USER}`)).body;
    expect(schema.attributes.find((a: { name: string }) => a.name === "displayName")).toMatchObject({ mutability: "readWrite" });
    const bad = await scim("POST", "Users", user("j@example.com", { displayName: 42 }));
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    const long = await scim("POST", "Users", user("j@example.com", { displayName: "x".repeat(201) }));
    expect(long.status).toBe(400);
  });
});

describe("Content-Type", () => {
  it("is exactly application/scim+json on every answer with a body", async () => {
    const created = await scim("POST", "Users", user("ct@example.com"));
    const replies = [
      created,
      await scim("GET", "Users"),
      await scim("GET", `Users/${created.body.id}`),
      await scim("GET", "ServiceProviderConfig"),
      await scim("GET", `Users?filter=${q("nope eq 1")}`),
      await scim("GET", "Users/00000000-0000-4000-8000-000000000000"),
    ];
    token = "skt_wrong";
    replies.push(await scim("GET", "Users"));
    token = (await createScimToken({ actor: admin, name: `T${Date.now()}` }, t.db)).token;
    expect(replies.map((r) => r.status)).toEqual([201, 200, 200, 200, 400, 404, 401]);
    for (const reply of replies) expect(reply.headers.get("content-type")).toBe("application/scim+json");
  });

  it("asks that a small reply be sent as it is (no gzip of one user), and lets a long list be compressed", async () => {
    const one = await scim("POST", "Users", user("small@example.com"));
    expect(one.headers.get("cache-control")).toBe("no-store, no-transform");
    for (let i = 0; i < 8; i++) await scim("POST", "Users", user(`many${i}@example.com`));
    const list = await scim("GET", "Users?count=50");
    expect(JSON.stringify(list.body).length).toBeGreaterThan(4096);
    expect(list.headers.get("cache-control")).toBe("no-store");
  });
});

describe("attributes qualified by their schema URN", () => {
  it("are accepted in bodies, PATCH paths, path-less PATCH values and filters", async () => {
    const nested = await scim("POST", "Users", {
      schemas: [CORE_USER],
      [CORE_USER]: { userName: "urn@example.com", name: { givenName: "Uma", familyName: "Rn" }, emails: [{ value: "urn@example.com" }] },
    });
    expect(nested.status).toBe(201);
    expect(nested.body).toMatchObject({ userName: "urn@example.com", name: { givenName: "Uma", familyName: "Rn" } });

    const prefixed = await scim("POST", "Users", {
      schemas: [CORE_USER, SEATKEEPER],
      [`${CORE_USER}:userName`]: "prefixed@example.com",
      [`${CORE_USER}:displayName`]: "Pre Fixed",
      [`${SEATKEEPER}:area`]: "Partners",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Accepted, not kept",
    });
    expect(prefixed.status).toBe(201);
    expect(prefixed.body).toMatchObject({ userName: "prefixed@example.com", displayName: "Pre Fixed", [SEATKEEPER]: { area: "Partners" } });

    const id = nested.body.id;
    const patched = await scim(
      "PATCH",
      `Users/${id}`,
      patch(
        { op: "replace", path: `${CORE_USER}:name.givenName`, value: "Umar" },
        { op: "replace", value: { [`${CORE_USER}:displayName`]: "U. Rn" } },
        { op: "replace", value: { [CORE_USER]: { name: { familyName: "Rahn" } } } },
      ),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: { givenName: "Umar", familyName: "Rahn" }, displayName: "U. Rn" });

    const found = await scim("GET", `Users?filter=${q(`${CORE_USER}:userName eq "URN@example.com"`)}`);
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);

    const twice = await scim("POST", "Users", {
      schemas: [CORE_USER],
      userName: "a@example.com",
      [`${CORE_USER}:userName`]: "b@example.com",
    });
    expect(twice).toMatchObject({ status: 400, body: { scimType: "invalidSyntax" } });
    expect(twice.body.detail).toMatch(/given twice/);
  });
});

describe("filters over HTTP", () => {
  it("answers the full grammar and refuses bad filters with invalidFilter and a reason", async () => {
    for (const [name, given] of [
      ["ann@corp.example", "Ann"],
      ["ben@corp.example", "Ben"],
      ["cat@other.example", "Cat"],
    ])
      await scim("POST", "Users", user(name, { name: { givenName: given, familyName: "X" } }));
    const names = async (filter: string) =>
      (await scim("GET", `Users?filter=${q(filter)}`)).body.Resources.map((u: { userName: string }) => u.userName).sort();
    expect(await names('emails[type eq "work" and value co "@corp."]')).toEqual(["ann@corp.example", "ben@corp.example"]);
    expect(await names('userName sw "a" or name.givenName eq "cat"')).toEqual(["ann@corp.example", "cat@other.example"]);
    expect(await names('not (userName ew "corp.example")')).toEqual(["cat@other.example"]);
    const bad = await scim("GET", `Users?filter=${q('userName eq "a" and (title eq "b"')}`);
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
    expect(bad.body.detail).toMatch(/Expected "\)"/);
    const unknown = await scim("GET", `Users?filter=${q('shoeSize gt "42"')}`);
    expect(unknown.body).toMatchObject({ scimType: "invalidFilter", detail: expect.stringMatching(/Unknown attribute "shoeSize"/) });
  });
});

describe("sortBy and sortOrder", () => {
  it("sorts ascending by default, descending on request, ties broken by id, on any filterable attribute", async () => {
    const people = [
      ["d@example.com", "Dora", "Baker"],
      ["a@example.com", "anna", "Young"],
      ["c@example.com", "Carl", "baker"],
      ["b@example.com", "Bea", "Adams"],
    ];
    const ids: Record<string, string> = {};
    for (const [userName, givenName, familyName] of people)
      ids[userName] = (await scim("POST", "Users", user(userName, { name: { givenName, familyName } }))).body.id;
    const order = async (query: string) =>
      (await scim("GET", `Users?${query}`)).body.Resources.map((u: { userName: string }) => u.userName[0]).join("");
    expect(await order("")).toBe("dacb"); // creation order
    expect(await order("sortBy=userName")).toBe("abcd");
    expect(await order("sortBy=userName&sortOrder=descending")).toBe("dcba");
    expect(await order("sortBy=name.givenName&sortOrder=ASCENDING")).toBe("abcd"); // case-insensitive: anna < Bea
    // Baker and baker tie case-insensitively: the id decides, the same way on every page.
    const bakers = [ids["c@example.com"], ids["d@example.com"]].sort();
    const tie = bakers.map((id) => Object.keys(ids).find((k) => ids[k] === id)![0]).join("");
    expect(await order("sortBy=name.familyName")).toBe(`b${tie}a`);
    expect(await order("sortBy=name.familyName&sortOrder=descending")).toBe(`a${[...tie].reverse().join("")}b`);
    expect(await order(`sortBy=${q(`${CORE_USER}:emails.value`)}&sortOrder=descending`)).toBe("dcba");
    expect(await order("sortBy=meta.created&sortOrder=descending")).toBe("bcad");
    expect(await order(`filter=${q('userName ne "a@example.com"')}&sortBy=userName&startIndex=2&count=1`)).toBe("c");

    expect((await scim("GET", "ServiceProviderConfig")).body.sort).toEqual({ supported: true });
    const bad = await scim("GET", "Users?sortBy=shoeSize");
    expect(bad).toMatchObject({
      status: 400,
      body: { scimType: "invalidValue", detail: expect.stringMatching(/Cannot sort by "shoeSize"/) },
    });
    expect((await scim("GET", "Users?sortBy=userName&sortOrder=sideways")).status).toBe(400);
    expect((await scim("GET", `Users?sortBy=${q("emails[type")}`)).status).toBe(400);
  });

  it("pages through many equal keys without repeating or skipping anyone, in both orders", async () => {
    const made = new Set<string>();
    for (let i = 0; i < 23; i++)
      made.add(
        (await scim("POST", "Users", user(`p${i}@example.com`, { name: { givenName: i % 3 ? "Same" : "Other", familyName: "X" } }))).body
          .id,
      );
    for (const sortOrder of ["ascending", "descending"]) {
      const seen: string[] = [];
      for (let start = 1; start <= 23; start += 5) {
        const page = await scim("GET", `Users?sortBy=name.givenName&sortOrder=${sortOrder}&startIndex=${start}&count=5`);
        expect(page.body).toMatchObject({ totalResults: 23, startIndex: start });
        seen.push(...page.body.Resources.map((u: { id: string }) => u.id));
      }
      expect(seen).toHaveLength(23);
      expect(new Set(seen)).toEqual(made);
    }
  });
});

describe("ETags", () => {
  it("gives every user a meta.version that follows its content, and honours If-Match and If-None-Match", async () => {
    const created = await scim("POST", "Users", user("etag@example.com"));
    const id = created.body.id;
    const v1 = created.body.meta.version;
    expect(v1).toMatch(/^W\/".+"$/);
    expect(created.headers.get("etag")).toBe(v1);
    const listed = (await scim("GET", "Users")).body.Resources[0];
    expect(listed.meta.version).toBe(v1);

    // Same content, same version; another change, another version.
    expect((await scim("PUT", `Users/${id}`, user("etag@example.com"))).body.meta.version).toBe(v1);
    const changed = await scim("PATCH", `Users/${id}`, patch({ op: "replace", path: "name.givenName", value: "Jo" }), { "if-match": v1 });
    expect(changed.status).toBe(200);
    const v2 = changed.body.meta.version;
    expect(v2).not.toBe(v1);

    // A stale version: 412, nothing written, on PUT, PATCH and DELETE.
    const before = await t.db.account.findUniqueOrThrow({ where: { id } });
    for (const [method, body] of [
      ["PUT", user("etag@example.com", { name: { givenName: "Stale", familyName: "Doe" } })],
      ["PATCH", patch({ op: "replace", path: "active", value: false })],
      ["DELETE", undefined],
    ] as const) {
      const refused = await scim(method, `Users/${id}`, body, { "if-match": v1 });
      expect(refused.status, method).toBe(412);
      expect(refused.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "412" });
      expect(refused.headers.get("content-type")).toBe("application/scim+json");
    }
    expect(await t.db.account.findUniqueOrThrow({ where: { id } })).toEqual(before);

    // The current version (weak or strong spelling, in a list) and * match.
    expect(
      (await scim("PATCH", `Users/${id}`, patch({ op: "replace", path: "displayName", value: "J" }), { "if-match": `"x", ${v2}` })).status,
    ).toBe(200);
    const v3 = (await scim("GET", `Users/${id}`)).body.meta.version;
    expect(
      (await scim("PUT", `Users/${id}`, user("etag@example.com", { displayName: "J" }), { "if-match": v3.replace(/^W\//, "") })).status,
    ).toBe(200);
    expect(
      (await scim("PATCH", `Users/${id}`, patch({ op: "replace", path: "displayName", value: "K" }), { "if-match": "*" })).status,
    ).toBe(200);

    // A change made outside SCIM (an administrator's block) is a new version too.
    const v4 = (await scim("GET", `Users/${id}`)).body.meta.version;
    await blockAccount({ actor: admin, accountId: id }, t.db);
    const v5 = (await scim("GET", `Users/${id}`)).body.meta.version;
    expect(v5).not.toBe(v4);
    expect((await scim("DELETE", `Users/${id}`, undefined, { "if-match": v4 })).status).toBe(412);

    // If-None-Match on GET: 304 while unchanged.
    const notModified = await scim("GET", `Users/${id}`, undefined, { "if-none-match": v5 });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(v5);
    expect(notModified.body).toBeNull();
    expect((await scim("GET", `Users/${id}`, undefined, { "if-none-match": v4 })).status).toBe(200);

    expect((await scim("DELETE", `Users/${id}`, undefined, { "if-match": v5 })).status).toBe(204);
    expect((await scim("GET", "ServiceProviderConfig")).body.etag).toEqual({ supported: true });
  });
});

describe("attributes and excludedAttributes", () => {
  it("return only what was asked for, always with id and schemas", async () => {
    const created = await scim("POST", "Users", user("sel@example.com", { externalId: "E1" }), {});
    const id = created.body.id;
    const only = (await scim("GET", `Users?attributes=userName`)).body.Resources[0];
    expect(only).toEqual({ schemas: created.body.schemas, id, userName: "sel@example.com" });
    const sub = (await scim("GET", `Users/${id}?attributes=${q("name.givenName,emails.value,EXTERNALID")}`)).body;
    expect(sub).toEqual({
      schemas: created.body.schemas,
      id,
      name: { givenName: "Jane" },
      emails: [{ value: "sel@example.com" }],
      externalId: "E1",
    });
    const urn = (await scim("GET", `Users/${id}?attributes=${q(`${CORE_USER}:userName,${SEATKEEPER}:area`)}`)).body;
    expect(urn).toEqual({ schemas: created.body.schemas, id, userName: "sel@example.com", [SEATKEEPER]: { area: "Intranet" } });
    const without = (await scim("GET", `Users/${id}?excludedAttributes=${q(`emails,meta,id,schemas,name.familyName,${SEATKEEPER}`)}`)).body;
    expect(without).toMatchObject({ id, schemas: created.body.schemas, userName: "sel@example.com", name: { givenName: "Jane" } });
    expect(without).not.toHaveProperty("emails");
    expect(without).not.toHaveProperty("meta");
    expect(without).not.toHaveProperty(SEATKEEPER);
    expect(without.name).not.toHaveProperty("familyName");
    const onWrite = await scim("PATCH", `Users/${id}?attributes=active`, patch({ op: "replace", path: "active", value: false }));
    expect(onWrite.body).toEqual({ schemas: created.body.schemas, id, active: false });
    expect(onWrite.headers.get("etag")).toMatch(/^W\//);
  });

  it("apply to POST /Users/.search, which takes the query in its body", async () => {
    for (const name of ["s1@example.com", "s2@example.com", "t1@example.com"]) await scim("POST", "Users", user(name));
    const search = await scim("POST", "Users/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter: 'userName sw "s"',
      sortBy: "userName",
      sortOrder: "descending",
      startIndex: 1,
      count: 10,
      attributes: ["userName"],
    });
    expect(search.status).toBe(200);
    expect(search.body).toMatchObject({ totalResults: 2, itemsPerPage: 2 });
    expect(search.body.Resources.map((u: Record<string, unknown>) => Object.keys(u).sort().join())).toEqual([
      "id,schemas,userName",
      "id,schemas,userName",
    ]);
    expect(search.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(["s2@example.com", "s1@example.com"]);
    const bad = await scim("POST", "Users/.search", { filter: 'userName sw "s"' });
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidSyntax" } });
    const badFilter = await scim("POST", "Users/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter: "userName zz 1",
    });
    expect(badFilter).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
    expect((await scim("GET", "Users/.search")).status).toBe(405);
  });
});

describe("Entra ID's user sequence", () => {
  it("finds by userName, creates, then patches with capitalised ops, dotted paths and string booleans", async () => {
    const upn = "ryan.lee@contoso.onmicrosoft.com";
    expect((await scim("GET", `Users?filter=${q(`userName eq "${upn}"`)}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim("POST", "Users", {
      schemas: [CORE_USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      externalId: "ryan.lee",
      userName: upn,
      active: true,
      displayName: "Ryan Lee",
      emails: [{ primary: true, type: "work", value: "ryan.lee@contoso.com" }],
      meta: { resourceType: "User" },
      name: { formatted: "Ryan Lee", familyName: "Lee", givenName: "Ryan" },
      roles: [],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.displayName).toBe("Ryan Lee");
    expect((await scim("GET", `Users?filter=${q(`userName eq "${upn}"`)}`)).body.Resources[0].id).toBe(id);

    const replaced = await scim("PATCH", `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "displayName", value: "Ryan Lee-Smith" },
        { op: "Replace", path: "name.givenName", value: "Ryan J." },
        { op: "Replace", path: "name.familyName", value: "Lee-Smith" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "ryan.ls@contoso.com" },
        { op: "Replace", path: "externalId", value: "ryan.lee-smith" },
        { op: "Add", path: "title", value: "Engineer" },
        { op: "Add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "R&D" },
      ],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      displayName: "Ryan Lee-Smith",
      name: { givenName: "Ryan J.", familyName: "Lee-Smith" },
      emails: [{ value: "ryan.ls@contoso.com" }],
      externalId: "ryan.lee-smith",
      active: true,
    });
    // The next cycle sends the same change: nothing to do, and the same answer.
    const again = await scim("PATCH", `Users/${id}`, patch({ op: "Replace", path: "displayName", value: "Ryan Lee-Smith" }));
    expect(again.body.meta.version).toBe(replaced.body.meta.version);

    const disabled = await scim("PATCH", `Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(disabled.body.active).toBe(false);
    expect(await t.db.account.findUniqueOrThrow({ where: { id } })).toMatchObject({
      state: "BLOCKED",
      blockedReason: "DIRECTORY",
      displayName: "Ryan Lee-Smith",
    });
    const enabled = await scim("PATCH", `Users/${id}`, patch({ op: "Replace", path: "active", value: "True" }));
    expect(enabled.body.active).toBe(true);
    expect((await scim("DELETE", `Users/${id}`)).status).toBe(204);
  });
});

describe("Okta's user sequence", () => {
  it("looks up with paging, creates, reads, replaces and deactivates", async () => {
    const login = "kim.ito@example.com";
    const lookup = await scim("GET", `Users?filter=${q(`userName eq "${login}"`)}&startIndex=1&count=100`);
    expect(lookup.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
    });
    const body = {
      schemas: [CORE_USER],
      userName: login,
      name: { givenName: "Kim", familyName: "Ito" },
      emails: [{ primary: true, value: login, type: "work" }],
      displayName: "Kim Ito",
      locale: "en-US",
      externalId: "00u1abcd",
      groups: [],
      password: "1mP@ssw0rd",
      active: true,
    };
    const created = await scim("POST", "Users", body);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const read = await scim("GET", `Users/${id}`);
    expect(read.body).toMatchObject({ id, userName: login, displayName: "Kim Ito", active: true });
    expect(read.headers.get("etag")).toBe(read.body.meta.version);

    const replaced = await scim("PUT", `Users/${id}`, {
      ...read.body,
      displayName: "Kim Ito-Sato",
      name: { givenName: "Kim", familyName: "Ito-Sato" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ displayName: "Kim Ito-Sato", name: { familyName: "Ito-Sato" } });

    const off = await scim("PATCH", `Users/${id}`, patch({ op: "replace", value: { active: false } }));
    expect(off.body.active).toBe(false);
    const found = await scim("GET", `Users?filter=${q(`userName eq "${login}"`)}&startIndex=1&count=100`);
    expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, Resources: [{ id, active: false, displayName: "Kim Ito-Sato" }] });
  });
});
