import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase, setSeatLimits } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { blockAccount, createAccount, getSeatStatistics } from "../licensing";
import { activateWaitingAccounts } from "../licensing";
import { scimClient } from "../../test/scim-client";
import { createScimToken, revokeScimToken } from "./tokens";

// The request sequences Okta and Entra ID send, driven through the same handler the route uses.

let t: TestDatabase;
let token: string;
let areas: Awaited<ReturnType<typeof createSite>>;
const admin = { id: null, label: "admin" };

const scim = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  scimClient(t.db, () => token)(method, path, body, headers);

const oktaUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Jane", familyName: "Doe" },
  emails: [{ primary: true, value: userName, type: "work" }],
  displayName: "Jane Doe",
  locale: "en-US",
  externalId: `okta-${userName}`,
  groups: [],
  password: "ignored-Pa55",
  active: true,
  ...extra,
});

const setLimits = (maxUsers: number, maxExtranetUsers: number) => setSeatLimits(t.db, maxUsers, maxExtranetUsers);

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 100 });
  token = (await createScimToken({ actor: admin, name: "Okta" }, t.db)).token;
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await setLimits(1000, 100);
});

describe("authentication", () => {
  it("refuses no token, a wrong token and a revoked token with a SCIM 401", async () => {
    const saved = token;
    for (const bad of ["", "skt_wrong"]) {
      token = bad;
      const r = await scim("GET", "Users");
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
      expect(r.headers.get("content-type")).toMatch(/application\/scim\+json/);
    }
    const other = await createScimToken({ actor: admin, name: "Entra" }, t.db);
    token = other.token;
    expect((await scim("GET", "Users")).status).toBe(200);
    await revokeScimToken({ actor: admin, id: other.id }, t.db);
    expect((await scim("GET", "Users")).status).toBe(401);
    token = saved;
    expect((await scim("GET", "Users")).status).toBe(200);
    expect((await t.db.scimToken.findFirstOrThrow({ where: { name: "Okta" } })).lastUsedAt).not.toBeNull();
  });
});

describe("discovery", () => {
  it("serves ServiceProviderConfig, ResourceTypes and Schemas", async () => {
    const config = (await scim("GET", "ServiceProviderConfig")).body;
    expect(config).toMatchObject({ patch: { supported: true }, filter: { supported: true }, bulk: { supported: false } });
    expect(config).not.toHaveProperty("documentationUri");
    expect((await scim("GET", "ResourceTypes")).body.Resources[0]).toMatchObject({ id: "User", endpoint: "/Users" });
    const schemas = (await scim("GET", "Schemas")).body.Resources.map((s: { id: string }) => s.id);
    expect(schemas).toContain("urn:ietf:params:scim:schemas:core:2.0:User");
    expect((await scim("GET", "Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).status).toBe(200);
  });
});

describe("Okta", () => {
  it("lists, looks up, creates, updates, deactivates and reactivates", async () => {
    const empty = await scim("GET", "Users?startIndex=1&count=2");
    expect(empty.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
    expect(
      (await scim("GET", `Users?filter=${encodeURIComponent('userName eq "jane.doe@example.com"')}&startIndex=1&count=100`)).body
        .totalResults,
    ).toBe(0);

    const created = await scim("POST", "Users", oktaUser("jane.doe@example.com"));
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`http://127.0.0.1/scim/v2/Users/${created.body.id}`);
    expect(created.body).toMatchObject({
      userName: "jane.doe@example.com",
      active: true,
      externalId: "okta-jane.doe@example.com",
      name: { givenName: "Jane" },
    });
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    const id = created.body.id;

    const found = await scim("GET", `Users?filter=${encodeURIComponent('userName eq "JANE.DOE@example.com"')}`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(id);

    const dup = await scim("POST", "Users", oktaUser("jane.doe@example.com", { externalId: "other" }));
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe("uniqueness");

    const put = await scim(
      "PUT",
      `Users/${id}`,
      oktaUser("jane.doe@example.com", { name: { givenName: "Janet", familyName: "Doe-Smith" } }),
    );
    expect(put.body.name).toMatchObject({ givenName: "Janet", familyName: "Doe-Smith" });

    const off = await scim("PATCH", `Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.body.active).toBe(false);
    expect(await t.db.account.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: "BLOCKED", blockedReason: "DIRECTORY" });

    const on = await scim("PATCH", `Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    expect(on.body.active).toBe(true);

    const page = await scim("POST", "Users", oktaUser("second@example.com"));
    expect(page.status).toBe(201);
    const paged = await scim("GET", "Users?startIndex=2&count=1");
    expect(paged.body).toMatchObject({ totalResults: 2, itemsPerPage: 1, startIndex: 2 });
    expect(paged.body.Resources[0].userName).toBe("second@example.com");
  });
});

describe("Entra ID", () => {
  it("filters on externalId, patches with and without paths, soft- and hard-deletes", async () => {
    const entraUser = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      externalId: "2819c223-7f76-453a-919d-413861904646",
      userName: "alex@contoso.com",
      active: true,
      displayName: "Alex Wu",
      emails: [{ primary: true, type: "work", value: "alex@contoso.com" }],
      name: { formatted: "Alex Wu", familyName: "Wu", givenName: "Alex" },
      title: "Engineer",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D", manager: { value: "x" } },
    };
    expect(
      (await scim("GET", `Users?filter=${encodeURIComponent('externalId eq "2819c223-7f76-453a-919d-413861904646"')}`)).body.totalResults,
    ).toBe(0);
    const created = await scim("POST", "Users", entraUser);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await scim("GET", `Users?filter=${encodeURIComponent('externalId eq "2819c223-7f76-453a-919d-413861904646"')}`)).body.Resources[0]
        .id,
    ).toBe(id);

    const patched = await scim("PATCH", `Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "Replace", path: "name.familyName", value: "Wu-Li" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "alex.wu@contoso.com" },
        { op: "Add", path: "title", value: "Lead" },
        {
          op: "Replace",
          value: { "name.givenName": "Alexander", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Ops" },
        },
        { op: "replace", path: "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User:area", value: "Partners" },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: { givenName: "Alexander", familyName: "Wu-Li" },
      emails: [{ value: "alex.wu@contoso.com" }],
    });
    expect(patched.body["urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User"]).toMatchObject({
      area: "Partners",
      pool: "extranet",
    });

    const soft = await scim("PATCH", `Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(soft.body.active).toBe(false);
    const stats = await getSeatStatistics(t.db);
    expect(stats.find((s) => s.pool === "EXTRANET")).toMatchObject({ used: 0, blocked: 1 });

    expect((await scim("DELETE", `Users/${id}`)).status).toBe(204);
    expect((await scim("GET", `Users/${id}`)).status).toBe(404);
    expect((await scim("DELETE", `Users/${id}`)).status).toBe(404);
  });
});

describe("the full site", () => {
  it("creates waiting profiles when full and activates the oldest as seats free; hand-blocked users stay blocked", async () => {
    // 4 free seats in the primary pool.
    const others = [];
    for (let i = 0; i < 6; i++)
      others.push(await createAccount({ actor: admin, source: "FORM", account: person(areas.intranet.id) }, t.db));
    await setLimits(10, 100);
    const synced = [];
    for (let i = 0; i < 10; i++) {
      const r = await scim("POST", "Users", oktaUser(`sync${i}@example.com`));
      expect(r.status).toBe(201);
      synced.push(r.body);
    }
    expect(synced.map((u) => u.active)).toEqual([true, true, true, true, false, false, false, false, false, false]);
    expect(synced[4]["urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User"].blockedReason).toBe("waiting for a seat");
    expect((await getSeatStatistics(t.db)).find((s) => s.pool === "PRIMARY")).toMatchObject({ used: 10, remaining: 0, waiting: 6 });
    expect(await t.db.auditEvent.count({ where: { action: "account.create", detail: { contains: "waiting" } } })).toBe(6);

    // An administrator blocks 3 others; the next sync cycle activates the 3 oldest waiting ones.
    for (const o of others.slice(0, 3)) await blockAccount({ actor: admin, accountId: o.id }, t.db);
    const activated = await activateWaitingAccounts({ actor: { id: null, label: "sync cycle" } }, t.db);
    expect(activated.map((a) => a.id)).toEqual(synced.slice(4, 7).map((u) => u.id));
    expect((await scim("GET", `Users/${synced[7].id}`)).body.active).toBe(false);

    // The administrator blocks a synced user by hand. The directory still says it is active: it
    // stays blocked, and the seat it freed goes to the oldest waiting account on that sync write.
    await blockAccount({ actor: admin, accountId: synced[0].id }, t.db);
    const again = await scim("PATCH", `Users/${synced[0].id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
    expect(again.body.active).toBe(false);
    expect(await t.db.account.findUniqueOrThrow({ where: { id: synced[0].id } })).toMatchObject({ blockedReason: "ADMIN" });
    expect((await scim("GET", `Users/${synced[7].id}`)).body.active).toBe(true);

    // A directory deactivation frees a seat; the same write's sync run gives it to the next in line.
    await scim("PATCH", `Users/${synced[1].id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect((await scim("GET", `Users/${synced[8].id}`)).body.active).toBe(true);
    expect((await scim("GET", `Users/${synced[9].id}`)).body.active).toBe(false);
    expect(await t.db.auditEvent.count({ where: { action: "account.activate_waiting", outcome: "SUCCESS" } })).toBe(5);
    for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
  });
});

describe("bad input", () => {
  it.each([
    ["malformed JSON", "POST", "Users", "{not json", 400, "invalidSyntax"],
    ["a wrong type", "POST", "Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: 42 }, 400, "invalidValue"],
    ["an unknown attribute", "POST", "Users", { ...oktaUser("x@example.com"), favouriteColour: "blue" }, 400, "invalidSyntax"],
    [
      "a missing userName",
      "POST",
      "Users",
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], emails: [{ value: "a@b.c" }] },
      400,
      "invalidValue",
    ],
    ["a bad e-mail", "POST", "Users", oktaUser("x@example.com", { emails: [{ value: "not-an-email" }] }), 400, "invalidValue"],
    [
      "an unknown area",
      "POST",
      "Users",
      oktaUser("y@example.com", { "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User": { area: "Mars" } }),
      400,
      "invalidValue",
    ],
    ["a huge body", "POST", "Users", JSON.stringify({ ...oktaUser("z@example.com"), displayName: "x".repeat(70_000) }), 413, undefined],
    ["a bad filter", "GET", `Users?filter=${encodeURIComponent('userName xx "a"')}`, undefined, 400, "invalidFilter"],
    ["an unsupported filter attribute", "GET", `Users?filter=${encodeURIComponent('title eq "a"')}`, undefined, 400, "invalidFilter"],
    ["a bad startIndex", "GET", "Users?startIndex=abc", undefined, 400, "invalidValue"],
    ["an unknown user", "GET", "Users/00000000-0000-4000-8000-000000000000", undefined, 404, undefined],
    ["a malformed id", "GET", "Users/../../etc", undefined, 404, undefined],
    ["a PATCH without PatchOp schema", "PATCH", "Users/00000000-0000-4000-8000-000000000000", { Operations: [] }, 404, undefined],
    ["an unknown group", "GET", "Groups/00000000-0000-4000-8000-000000000001", undefined, 404, undefined],
    [
      "a NUL in name.givenName",
      "POST",
      "Users",
      oktaUser("nul@example.com", { name: { givenName: "a\u0000b", familyName: "Doe" } }),
      400,
      "invalidValue",
    ],
    ["a NUL in a filter value", "GET", `Users?filter=${encodeURIComponent('userName eq "\u0000"')}`, undefined, 400, "invalidFilter"],
    ["a startIndex beyond any page", "GET", "Users?startIndex=99999999999999999999", undefined, 400, "invalidValue"],
    ["a count beyond any page", "GET", "Users?count=99999999999999999999", undefined, 400, "invalidValue"],
    [
      "an area that only matches as a pattern",
      "POST",
      "Users",
      oktaUser("s@example.com", { "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User": { area: "S_ppl%" } }),
      400,
      "invalidValue",
    ],
  ])("%s gets a SCIM error, never a 500, and writes nothing", async (_label, method, path, body, status, scimType) => {
    const before = await t.db.account.count();
    const r = await scim(method, path, body);
    expect(r.status).toBe(status);
    expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    if (scimType) expect(r.body.scimType).toBe(scimType);
    expect(typeof r.body.detail).toBe("string");
    expect(await t.db.account.count()).toBe(before);
  });

  it("compares eq filters exactly: %, _ and \\ are plain characters", async () => {
    await scim("POST", "Users", oktaUser("j_smith@example.com"));
    await scim("POST", "Users", oktaUser("jxsmith@example.com"));
    const found = async (filter: string) =>
      (await scim("GET", `Users?filter=${encodeURIComponent(filter)}`)).body.Resources.map((u: { userName: string }) => u.userName);
    expect(await found('userName eq "j_smith@example.com"')).toEqual(["j_smith@example.com"]);
    expect(await found('userName eq "J_SMITH@example.com"')).toEqual(["j_smith@example.com"]);
    expect(await found('userName eq "%"')).toEqual([]);
    expect(await found('userName eq "j%"')).toEqual([]);
    expect(await found('userName eq "jxsmith@example.co_"')).toEqual([]);
    expect(await found('emails.value eq "%@example.com"')).toEqual([]);
    expect(await found('emails.value eq "JXSMITH@example.com"')).toEqual(["jxsmith@example.com"]);
    expect(await found('userName eq "j\\\\_smith@example.com"')).toEqual([]);
  });

  it("refuses bad PATCH operations on an existing user, changing nothing", async () => {
    const id = (await scim("POST", "Users", oktaUser("p@example.com"))).body.id;
    const before = await t.db.account.findUniqueOrThrow({ where: { id } });
    for (const [body, scimType] of [
      [{ Operations: [{ op: "replace", path: "active", value: false }] }, "invalidSyntax"],
      [{ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "explode", path: "active" }] }, "invalidSyntax"],
      [
        { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "shoeSize", value: 42 }] },
        "invalidPath",
      ],
      [{ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "remove", path: "userName" }] }, "mutability"],
      [
        { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: "maybe" }] },
        "invalidValue",
      ],
      [
        {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [
            { op: "replace", path: "active", value: false },
            { op: "replace", path: "nope", value: 1 },
          ],
        },
        "invalidPath",
      ],
    ] as const) {
      const r = await scim("PATCH", `Users/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.scimType).toBe(scimType);
    }
    expect(await t.db.account.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });
});
