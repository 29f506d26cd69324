import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase, setSeatLimits } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { PATCH_OP, scimClient } from "../../test/scim-client";
import { listReceivedGroups } from "../directory-groups/list-groups";
import { addGroupMapping, listGroupMappings, moveGroupMapping, removeGroupMapping } from "../directory-groups/mappings";
import { activateWaitingAccounts, blockAccount } from "../licensing";
import { createScimToken } from "./tokens";

// /scim/v2/Groups, driven through the handler the route uses, and the areas group membership decides.

let t: TestDatabase;
let token: string;
let areas: Awaited<ReturnType<typeof createSite>>;
const admin = { id: null, label: "admin" };
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** Through the handler the route uses; `client` plays another app process's connection pool. */
const scim = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, client = t.db) =>
  scimClient(client, () => token)(method, path, body, headers);

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const filter = (f: string) => encodeURIComponent(f);

let userCounter = 0;
async function user(name = `person${++userCounter}`) {
  const r = await scim("POST", "Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `${name}@example.com`,
    name: { givenName: "Pat", familyName: name },
    active: true,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function areaOf(id: string) {
  const account = await t.db.account.findUniqueOrThrow({ where: { id }, include: { area: true } });
  return { area: account.area.name, state: account.state, reason: account.blockedReason };
}

async function memberIds(groupId: string) {
  const rows = await t.db.scimGroupMember.findMany({ where: { groupId }, select: { accountId: true } });
  return rows.map((r) => r.accountId).sort();
}

const setLimits = (maxUsers: number, maxExtranetUsers: number) => setSeatLimits(t.db, maxUsers, maxExtranetUsers);

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 100 });
  token = (await createScimToken({ actor: admin, name: "Entra" }, t.db)).token;
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.groupAreaMapping.deleteMany();
  await t.db.scimGroup.deleteMany();
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await setLimits(1000, 100);
});

describe("discovery", () => {
  it("announces the Group resource type and schema", async () => {
    const types = (await scim("GET", "ResourceTypes")).body.Resources;
    expect(types).toContainEqual(expect.objectContaining({ id: "Group", endpoint: "/Groups", schema: GROUP }));
    expect((await scim("GET", "ResourceTypes/Group")).status).toBe(200);
    const schema = (await scim("GET", `Schemas/${GROUP}`)).body;
    expect(schema.attributes.map((a: { name: string }) => a.name)).toEqual(["displayName", "externalId", "members"]);
  });
});

describe("the Groups endpoint", () => {
  it("creates, reads, lists, replaces and deletes a group", async () => {
    const [a, b, c] = [await user(), await user(), await user()];
    const created = await scim("POST", "Groups", {
      schemas: [GROUP],
      displayName: "Sales",
      externalId: "ext-sales",
      members: [{ value: a }, { value: b, display: "ignored" }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`http://127.0.0.1/scim/v2/Groups/${created.body.id}`);
    expect(created.headers.get("etag")).toBe('W/"1"');
    expect(created.body).toMatchObject({
      schemas: [GROUP],
      displayName: "Sales",
      externalId: "ext-sales",
      meta: { resourceType: "Group", version: 'W/"1"', location: created.headers.get("location") },
    });
    expect(created.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a, b].sort());
    expect(created.body.members[0]).toMatchObject({
      type: "User",
      $ref: `http://127.0.0.1/scim/v2/Users/${created.body.members[0].value}`,
    });
    const id = created.body.id as string;

    const got = await scim("GET", `Groups/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.members).toHaveLength(2);
    expect((await scim("GET", `Groups/${id}?excludedAttributes=members`)).body).not.toHaveProperty("members");
    const only = (await scim("GET", `Groups/${id}?attributes=displayName`)).body;
    expect(Object.keys(only).sort()).toEqual(["displayName", "id", "schemas"]);

    await scim("POST", "Groups", { schemas: [GROUP], displayName: "Support" });
    await scim("POST", "Groups", { schemas: [GROUP], displayName: "Engineering", members: [{ value: c }] });
    const all = await scim("GET", "Groups?startIndex=2&count=1");
    expect(all.body).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 2 });
    expect(all.body.Resources[0].displayName).toBe("Support");
    expect((await scim("GET", "Groups?count=0")).body).toMatchObject({ totalResults: 3, Resources: [] });

    const byName = await scim("GET", `Groups?filter=${filter('displayName eq "sales"')}`);
    expect(byName.body.Resources.map((g: { id: string }) => g.id)).toEqual([id]);
    expect((await scim("GET", `Groups?filter=${filter('externalId eq "ext-sales"')}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `Groups?filter=${filter('externalId eq "EXT-SALES"')}`)).body.totalResults).toBe(0);
    expect((await scim("GET", `Groups?filter=${filter(`id eq "${id}"`)}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `Groups?filter=${filter('id eq "not-a-uuid"')}`)).body.totalResults).toBe(0);
    expect((await scim("GET", `Groups?filter=${filter(`id eq "${id}" and members[value eq "${a}"]`)}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `Groups?filter=${filter(`id eq "${id}" and members[value eq "${c}"]`)}`)).body.totalResults).toBe(0);
    expect((await scim("GET", `Groups?filter=${filter(`members.value eq "${c}"`)}`)).body.Resources[0].displayName).toBe("Engineering");
    expect((await scim("GET", `Groups?filter=${filter('displayName eq "Sa%"')}`)).body.totalResults).toBe(0);
    // The whole grammar, sorting, attribute selection and .search (filter SQL: group-attributes.test.ts).
    const names = (body: { Resources: { displayName: string }[] }) => body.Resources.map((g) => g.displayName);
    const either = filter('displayName sw "s" or members[value eq "' + c + '"]');
    expect(names((await scim("GET", `Groups?filter=${either}&sortBy=displayName`)).body)).toEqual(["Engineering", "Sales", "Support"]);
    expect(names((await scim("GET", `Groups?filter=${either}&sortBy=displayName&sortOrder=descending`)).body)).toEqual([
      "Support",
      "Sales",
      "Engineering",
    ]);
    expect(names((await scim("GET", `Groups?filter=${filter("not (members pr)")}`)).body)).toEqual(["Support"]);
    const slim = (await scim("GET", `Groups?filter=${filter('displayName eq "sales"')}&attributes=members.value,meta.created`)).body;
    expect(Object.keys(slim.Resources[0]).sort()).toEqual(["id", "members", "meta", "schemas"]);
    expect(slim.Resources[0].meta).toEqual({ created: expect.any(String) });
    expect(slim.Resources[0].members.map((m: { value: string }) => m.value).sort()).toEqual([a, b].sort());
    expect(slim.Resources[0].members.map((m: { value: string }) => Object.keys(m))).toEqual([["value"], ["value"]]);
    const searched = await scim("POST", "Groups/.search", {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
      filter: 'displayName ew "ing" and externalId eq null',
      excludedAttributes: ["members", "meta"],
    });
    expect(searched.status).toBe(200);
    expect(searched.body.Resources).toEqual([{ schemas: [GROUP], id: expect.any(String), displayName: "Engineering" }]);

    const replaced = await scim("PUT", `Groups/${id}`, { schemas: [GROUP], id, displayName: "Sales EMEA", members: [{ value: c }] });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ displayName: "Sales EMEA", meta: { version: 'W/"2"' } });
    expect(replaced.body).not.toHaveProperty("externalId"); // PUT replaces: not sent, not kept
    expect(await memberIds(id)).toEqual([c]);

    expect((await scim("DELETE", `Groups/${id}`)).status).toBe(204);
    expect((await scim("GET", `Groups/${id}`)).status).toBe(404);
    expect((await scim("DELETE", `Groups/${id}`)).status).toBe(404);
    // Deleting a user takes it out of its groups.
    const engineering = (await scim("GET", `Groups?filter=${filter('displayName eq "Engineering"')}`)).body.Resources[0];
    expect((await scim("DELETE", `Users/${c}`)).status).toBe(204);
    expect(await memberIds(engineering.id)).toEqual([]);
  });

  it("applies every PATCH form: RFC, Okta's and Entra's", async () => {
    const [a, b, c] = [await user(), await user(), await user()];
    const id = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Patchers" })).body.id as string;
    const run = async (...ops: unknown[]) => {
      const r = await scim("PATCH", `Groups/${id}`, patch(...ops));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r;
    };
    await run({ op: "add", path: "members", value: [{ value: a }, { value: b }] });
    expect(await memberIds(id)).toEqual([a, b].sort());
    await run({ op: "add", path: "members", value: [{ value: a }] }); // already a member: no change
    await run({ op: "remove", path: `members[value eq "${a}"]` });
    expect(await memberIds(id)).toEqual([b]);
    await run({ op: "Add", path: "members", value: [{ value: c }] });
    await run({ op: "Remove", path: "members", value: [{ value: b }] }); // Entra's remove with a value
    expect(await memberIds(id)).toEqual([c]);
    await run({ op: "replace", path: "members", value: [{ value: a }, { value: b }] });
    expect(await memberIds(id)).toEqual([a, b].sort());
    await run({ op: "remove", path: "members" });
    expect(await memberIds(id)).toEqual([]);
    await run({ op: "remove", path: `members[value eq "${a}"]` }); // not a member: nothing to do
    const okta = await run({ op: "replace", value: { id, displayName: "Okta Renamed" } });
    expect(okta.body.displayName).toBe("Okta Renamed");
    const entra = await run({ op: "Replace", path: "displayName", value: "Entra Renamed" });
    expect(entra.body.displayName).toBe("Entra Renamed");
    await run({ op: "add", path: "externalId", value: "x-1" }, { op: "add", value: { members: [{ value: c }] } });
    expect((await scim("GET", `Groups/${id}`)).body).toMatchObject({ externalId: "x-1", members: [{ value: c }] });
    await run({ op: "remove", path: "externalId" });
    const final = await scim("GET", `Groups/${id}?excludedAttributes=members`);
    expect(final.body).not.toHaveProperty("externalId");
    expect(final.body).toMatchObject({ displayName: "Entra Renamed", meta: { version: expect.stringMatching(/^W\/"\d+"$/) } });
  });

  it("refuses bad requests with SCIM errors, writing nothing", async () => {
    const a = await user();
    const id = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Taken", members: [{ value: a }] })).body.id as string;
    const unknown = "00000000-0000-4000-8000-000000000099";
    const cases: [string, string, unknown, number, string | undefined][] = [
      ["POST", "Groups", { schemas: [GROUP], displayName: "New", members: [{ value: unknown }] }, 400, "invalidValue"],
      ["POST", "Groups", { schemas: [GROUP], displayName: "New", members: [{ value: "nope" }] }, 400, "invalidValue"],
      ["POST", "Groups", { schemas: [GROUP], displayName: "taken" }, 409, "uniqueness"],
      ["POST", "Groups", { schemas: [GROUP] }, 400, "invalidValue"],
      ["POST", "Groups", { schemas: [GROUP], displayName: "New", owner: "me" }, 400, "invalidSyntax"],
      ["POST", "Groups", { schemas: [GROUP], displayName: "New", members: [{ value: a, type: "Group" }] }, 400, "invalidValue"],
      ["POST", "Groups", "[", 400, "invalidSyntax"],
      ["PATCH", `Groups/${id}`, patch({ op: "add", path: "members", value: [{ value: unknown }] }), 400, "invalidValue"],
      ["PATCH", `Groups/${id}`, patch({ op: "remove", path: "displayName" }), 400, "mutability"],
      ["PATCH", `Groups/${id}`, patch({ op: "move", path: "members" }), 400, "invalidSyntax"],
      ["PATCH", `Groups/${id}`, patch({ op: "replace", path: "owner", value: "x" }), 400, "invalidPath"],
      ["PATCH", `Groups/${id}`, { Operations: [] }, 400, "invalidSyntax"],
      ["PUT", `Groups/${id}`, { schemas: [GROUP], displayName: "Taken", members: [{ value: unknown }] }, 400, "invalidValue"],
      ["GET", `Groups?filter=${filter('owner eq "a"')}`, undefined, 400, "invalidFilter"],
      ["GET", `Groups?filter=${filter('displayName eq "a" or')}`, undefined, 400, "invalidFilter"],
      ["GET", `Groups?filter=${filter('meta.created co "2026"')}`, undefined, 400, "invalidFilter"],
      ["GET", "Groups?sortBy=members.value", undefined, 400, "invalidValue"],
      ["GET", "Groups?sortBy=owner", undefined, 400, "invalidValue"],
      ["GET", "Groups?sortOrder=sideways", undefined, 400, "invalidValue"],
      ["GET", "Groups/.search", undefined, 405, undefined],
      ["GET", `Groups?filter=${filter("members[value eq 1]")}`, undefined, 400, "invalidFilter"],
      ["GET", "Groups/00000000-0000-4000-8000-000000000098", undefined, 404, undefined],
      ["GET", "Groups/not-a-uuid", undefined, 404, undefined],
      ["PATCH", "Groups/00000000-0000-4000-8000-000000000098", patch({ op: "remove", path: "members" }), 404, undefined],
    ];
    for (const [method, path, body, status, scimType] of cases) {
      const r = await scim(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(r.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status) });
      if (scimType) expect(r.body.scimType).toBe(scimType);
      expect(r.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    }
    // A rename onto another group's name is a 409 too, and the failed PATCH left everything as it was.
    const other = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Other" })).body.id;
    const clash = await scim("PATCH", `Groups/${other}`, patch({ op: "replace", path: "displayName", value: "TAKEN" }));
    expect(clash).toMatchObject({ status: 409, body: { scimType: "uniqueness" } });
    expect(await t.db.scimGroup.count()).toBe(2);
    expect(await memberIds(id)).toEqual([a]);
    expect((await scim("GET", `Groups/${id}`)).body).toMatchObject({ displayName: "Taken", meta: { version: 'W/"1"' } });
  });

  it("takes a PUT with thousands of members (over the 64 KB of a User body) and refuses one over 1 MB", async () => {
    const data = Array.from({ length: 2_000 }, (_, i) => ({
      username: `bulk${i}@example.com`,
      email: `bulk${i}@example.com`,
      givenName: "Bulk",
      familyName: `${i}`,
      areaId: areas.intranet.id,
      state: "BLOCKED" as const,
      blockedReason: "ADMIN" as const,
      source: "DIRECTORY" as const,
    }));
    await t.db.account.createMany({ data });
    const ids = (await t.db.account.findMany({ select: { id: true } })).map((a) => a.id);
    const id = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Everyone" })).body.id;
    const body = { schemas: [GROUP], displayName: "Everyone", members: ids.map((value) => ({ value, display: "x".repeat(20) })) };
    expect(JSON.stringify(body).length).toBeGreaterThan(64 * 1024);
    const put = await scim("PUT", `Groups/${id}?excludedAttributes=members`, body);
    expect(put.status).toBe(200);
    expect(await t.db.scimGroupMember.count({ where: { groupId: id } })).toBe(2_000);
    const huge = await scim("PUT", `Groups/${id}`, { ...body, displayName: "x".repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it("honours If-Match: a stale version is refused with 412", async () => {
    const created = await scim("POST", "Groups", { schemas: [GROUP], displayName: "Versioned" });
    const id = created.body.id;
    const renamed = await scim("PATCH", `Groups/${id}`, patch({ op: "replace", path: "displayName", value: "V2" }), {
      "if-match": created.headers.get("etag")!,
    });
    expect(renamed.status).toBe(200);
    const stale = await scim("PATCH", `Groups/${id}`, patch({ op: "replace", path: "displayName", value: "V3" }), {
      "if-match": created.headers.get("etag")!,
    });
    expect(stale.status).toBe(412);
    expect((await scim("DELETE", `Groups/${id}`, undefined, { "if-match": created.headers.get("etag")! })).status).toBe(412);
    expect((await scim("DELETE", `Groups/${id}`, undefined, { "if-match": renamed.headers.get("etag")! })).status).toBe(204);
  });
});

describe("request sequences", () => {
  it("Entra ID: create, add members, remove members, rename, look up by name without members", async () => {
    const [a, b] = [await user("entra.a"), await user("entra.b")];
    const lookup = await scim("GET", `Groups?excludedAttributes=members&filter=${filter('displayName eq "Entra Group"')}`);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim("POST", "Groups", {
      schemas: [GROUP],
      externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
      displayName: "Entra Group",
      members: [],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const add = await scim("PATCH", `Groups/${id}`, patch({ op: "Add", path: "members", value: [{ value: a }, { value: b }] }));
    expect(add.status).toBe(200);
    const check = await scim("GET", `Groups?excludedAttributes=members&filter=${filter(`id eq "${id}" and members[value eq "${a}"]`)}`);
    expect(check.body.totalResults).toBe(1);
    expect(check.body.Resources[0]).not.toHaveProperty("members");
    const remove = await scim("PATCH", `Groups/${id}`, patch({ op: "Remove", path: "members", value: [{ value: a }] }));
    expect(remove.status).toBe(200);
    const rename = await scim("PATCH", `Groups/${id}`, patch({ op: "Replace", path: "displayName", value: "Entra Renamed" }));
    expect(rename.body.displayName).toBe("Entra Renamed");
    const found = await scim("GET", `Groups?excludedAttributes=members&filter=${filter('displayName eq "Entra Renamed"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id, displayName: "Entra Renamed" }] });
    expect(found.body.Resources[0]).not.toHaveProperty("members");
    expect(await memberIds(id)).toEqual([b]);
    expect((await scim("DELETE", `Groups/${id}`)).status).toBe(204);
  });

  it("Okta: look up, create, read, replace, patch and delete", async () => {
    const [a, b, c] = [await user("okta.a"), await user("okta.b"), await user("okta.c")];
    expect((await scim("GET", `Groups?filter=${filter('displayName eq "Okta Group"')}&startIndex=1&count=100`)).body.totalResults).toBe(0);
    const created = await scim("POST", "Groups", {
      schemas: [GROUP],
      displayName: "Okta Group",
      members: [{ value: a, display: "okta.a" }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await scim("GET", `Groups/${id}`)).body.members.map((m: { value: string }) => m.value)).toEqual([a]);
    const put = await scim("PUT", `Groups/${id}`, {
      schemas: [GROUP],
      id,
      displayName: "Okta Group",
      members: [
        { value: b, display: "okta.b" },
        { value: c, display: "okta.c" },
      ],
    });
    expect(put.status).toBe(200);
    expect(await memberIds(id)).toEqual([b, c].sort());
    const renamed = await scim("PATCH", `Groups/${id}`, patch({ op: "replace", value: { id, displayName: "Okta Renamed" } }));
    expect(renamed.body.displayName).toBe("Okta Renamed");
    await scim("PATCH", `Groups/${id}`, patch({ op: "remove", path: `members[value eq "${b}"]` }));
    await scim("PATCH", `Groups/${id}`, patch({ op: "add", path: "members", value: [{ value: a, display: "okta.a" }] }));
    expect(await memberIds(id)).toEqual([a, c].sort());
    expect((await scim("DELETE", `Groups/${id}`)).status).toBe(204);
    expect((await scim("GET", `Groups/${id}`)).status).toBe(404);
  });
});

describe("membership decides the area", () => {
  it("moves members into the mapped area, and leaves people in no mapped group where they are", async () => {
    // The mapping exists before the group arrives.
    await addGroupMapping({ actor: admin, groupName: "Partners Group", areaId: areas.partners.id }, t.db);
    expect((await listGroupMappings(t.db))[0]).toMatchObject({ groupName: "Partners Group", group: null });
    const [a, b] = [await user(), await user()];
    const id = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "partners group", members: [{ value: a }] })).body.id;
    expect(await areaOf(a)).toEqual({ area: "Partners", state: "ACTIVE", reason: null });
    expect(await areaOf(b)).toMatchObject({ area: "Intranet" });
    await scim("PATCH", `Groups/${id}`, patch({ op: "add", path: "members", value: [{ value: b }] }));
    expect(await areaOf(b)).toMatchObject({ area: "Partners", state: "ACTIVE" });
    expect((await listGroupMappings(t.db))[0].group).toEqual({ displayName: "partners group", members: 2 });
    // Out of the group, in no other mapped one: it stays.
    await scim("PATCH", `Groups/${id}`, patch({ op: "remove", path: `members[value eq "${b}"]` }));
    expect(await areaOf(b)).toMatchObject({ area: "Partners" });
    // A user PUT that names no area does not take a grouped person out of the group's area.
    const put = await scim("PUT", `Users/${a}`, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: (await t.db.account.findUniqueOrThrow({ where: { id: a } })).username,
      name: { givenName: "Pat", familyName: "Renamed" },
      active: true,
    });
    expect(put.status).toBe(200);
    expect(await areaOf(a)).toMatchObject({ area: "Partners" });
    // Renaming the group so the mapping no longer matches: nobody moves back.
    await scim("PATCH", `Groups/${id}`, patch({ op: "replace", path: "displayName", value: "Elsewhere" }));
    expect(await areaOf(a)).toMatchObject({ area: "Partners" });
    const events = await t.db.auditEvent.findMany({ where: { action: "account.move", accountId: a } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "SUCCESS", pool: "EXTRANET", actorLabel: "directory sync (Entra)" });
    expect(events[0].detail).toMatch(/partners group/);
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 2, real: 2 },
    ]);
  });

  it("a mapping added after the group arrived moves its members; mappings can match external ids", async () => {
    const [a, b] = [await user(), await user()];
    await scim("POST", "Groups", {
      schemas: [GROUP],
      displayName: "Suppliers",
      externalId: "aad-123",
      members: [{ value: a }, { value: b }],
    });
    expect(await areaOf(a)).toMatchObject({ area: "Intranet" });
    const added = await addGroupMapping({ actor: admin, groupName: "aad-123", matchBy: "EXTERNAL_ID", areaId: areas.suppliers.id }, t.db);
    expect(added.outcome).toMatchObject({ moved: 2, waiting: 0 });
    expect(await areaOf(a)).toMatchObject({ area: "Suppliers" });
    expect(await areaOf(b)).toMatchObject({ area: "Suppliers" });
    // External ids are compared exactly.
    await expect(
      addGroupMapping({ actor: admin, groupName: "AAD-123", matchBy: "EXTERNAL_ID", areaId: areas.partners.id }, t.db),
    ).resolves.toMatchObject({
      outcome: { moved: 0 },
    });
    await expect(
      addGroupMapping({ actor: admin, groupName: "aad-123", matchBy: "EXTERNAL_ID", areaId: areas.partners.id }, t.db),
    ).rejects.toThrow(/already mapped/);
    const audit = await t.db.auditEvent.findMany({ where: { action: "directory.group_mapping" }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.after)).toContainEqual({ group: "aad-123", matchBy: "external id", area: "Suppliers", rank: 1 });
  });

  it("a person in several mapped groups goes to the first mapping; the sysadmin's order decides", async () => {
    const a = await user();
    await addGroupMapping({ actor: admin, groupName: "Staff", areaId: areas.intranet.id }, t.db);
    await addGroupMapping({ actor: admin, groupName: "Partners", areaId: areas.partners.id }, t.db);
    const third = await addGroupMapping({ actor: admin, groupName: "Suppliers", areaId: areas.suppliers.id }, t.db);
    expect(third.outcome.moved).toBe(0);
    await scim("POST", "Groups", { schemas: [GROUP], displayName: "Partners", members: [{ value: a }] });
    expect(await areaOf(a)).toMatchObject({ area: "Partners" });
    const staff = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Staff", members: [{ value: a }] })).body.id;
    expect(await areaOf(a)).toMatchObject({ area: "Intranet" }); // Staff ranks first
    const mappings = await listGroupMappings(t.db);
    expect(mappings.map((m) => m.groupName)).toEqual(["Staff", "Partners", "Suppliers"]);
    // Partners up: it now comes first.
    const moved = await moveGroupMapping({ actor: admin, id: mappings[1].id, direction: "up" }, t.db);
    expect(moved?.outcome.moved).toBe(1);
    expect(await areaOf(a)).toMatchObject({ area: "Partners" });
    expect((await listGroupMappings(t.db)).map((m) => m.groupName)).toEqual(["Partners", "Staff", "Suppliers"]);
    // First cannot go higher; last cannot go lower: nothing changes.
    expect((await moveGroupMapping({ actor: admin, id: mappings[1].id, direction: "up" }, t.db))?.outcome.moved).toBe(0);
    expect((await moveGroupMapping({ actor: admin, id: mappings[2].id, direction: "down" }, t.db))?.outcome.moved).toBe(0);
    // Removing the Partners mapping: the Staff group decides again.
    await removeGroupMapping({ actor: admin, id: mappings[1].id }, t.db);
    expect(await areaOf(a)).toMatchObject({ area: "Intranet" });
    // The Staff group deleted: in no mapped group any more, the person stays.
    await scim("DELETE", `Groups/${staff}`);
    expect(await areaOf(a)).toMatchObject({ area: "Intranet" });
    expect(await removeGroupMapping({ actor: admin, id: mappings[1].id }, t.db)).toBeNull();
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 1, real: 1 },
      { pool: "EXTRANET", counter: 0, real: 0 },
    ]);
  });

  it("when the target pool is full, movers wait for a seat and are activated oldest first", async () => {
    await setLimits(1000, 2);
    await addGroupMapping({ actor: admin, groupName: "Partners", areaId: areas.partners.id }, t.db);
    const people = [await user("first"), await user("second"), await user("third"), await user("fourth")];
    const id = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Partners" })).body.id;
    const r = await scim("PATCH", `Groups/${id}`, patch({ op: "add", path: "members", value: people.map((value) => ({ value })) }));
    expect(r.status).toBe(200);
    expect(await Promise.all(people.map(areaOf))).toEqual([
      { area: "Partners", state: "ACTIVE", reason: null },
      { area: "Partners", state: "ACTIVE", reason: null },
      { area: "Partners", state: "BLOCKED", reason: "NO_SEAT" },
      { area: "Partners", state: "BLOCKED", reason: "NO_SEAT" },
    ]);
    const waiting = await t.db.auditEvent.findFirstOrThrow({ where: { action: "account.move", accountId: people[2] } });
    expect(waiting.detail).toMatch(/No free seat in the extranet.*waits for a seat in "Partners"/);
    expect(waiting.after).toMatchObject({ area: "Partners", state: "BLOCKED", blockedReason: "NO_SEAT" });
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 2, real: 2 },
    ]);
    // One more seat: the third (the oldest waiting) gets it, not the fourth.
    await setLimits(1000, 3);
    expect((await activateWaitingAccounts({ actor: admin }, t.db)).map((a) => a.id)).toEqual([people[2]]);
    await setLimits(1000, 4);
    expect((await activateWaitingAccounts({ actor: admin }, t.db)).map((a) => a.id)).toEqual([people[3]]);
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 4, real: 4 },
    ]);
  });

  it("concurrent membership changes, from several processes, all apply and leave each person in the first mapping's area", async () => {
    await addGroupMapping({ actor: admin, groupName: "First", areaId: areas.suppliers.id }, t.db);
    await addGroupMapping({ actor: admin, groupName: "Second", areaId: areas.partners.id }, t.db);
    const people: string[] = [];
    for (let i = 0; i < 12; i++) people.push(await user());
    const first = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "First" })).body.id;
    const second = (await scim("POST", "Groups", { schemas: [GROUP], displayName: "Second" })).body.id;
    const clients = [t.newClient(4), t.newClient(4), t.newClient(4)];
    const add = (group: string, id: string, i: number) =>
      scim(
        "PATCH",
        `Groups/${group}?excludedAttributes=members`,
        patch({ op: "add", path: "members", value: [{ value: id }] }),
        {},
        clients[i % 3],
      );
    const results = await Promise.all(people.flatMap((id, i) => [add(second, id, i), add(first, id, i + 1)]));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    expect(await memberIds(first)).toEqual([...people].sort());
    expect(await memberIds(second)).toEqual([...people].sort());
    expect(new Set((await Promise.all(people.map(areaOf))).map((a) => `${a.area} ${a.state}`))).toEqual(new Set(["Suppliers ACTIVE"]));
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 12, real: 12 },
    ]);
  });

  it("a person blocked by an administrator moves area but stays blocked", async () => {
    await addGroupMapping({ actor: admin, groupName: "Partners", areaId: areas.partners.id }, t.db);
    const a = await user();
    await blockAccount({ actor: admin, accountId: a }, t.db);
    await scim("POST", "Groups", { schemas: [GROUP], displayName: "Partners", members: [{ value: a }] });
    expect(await areaOf(a)).toEqual({ area: "Partners", state: "BLOCKED", reason: "ADMIN" });
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 0, real: 0 },
    ]);
  });

  it("lists the groups received with their members and the area the first matching mapping gives", async () => {
    const a = await user();
    await addGroupMapping({ actor: admin, groupName: "Partners", areaId: areas.partners.id }, t.db);
    await addGroupMapping({ actor: admin, groupName: "ext-p", matchBy: "EXTERNAL_ID", areaId: areas.suppliers.id }, t.db);
    await scim("POST", "Groups", { schemas: [GROUP], displayName: "partners", externalId: "ext-p", members: [{ value: a }] });
    await scim("POST", "Groups", { schemas: [GROUP], displayName: "Alumni" });
    expect(await listReceivedGroups(t.db)).toEqual({
      total: 2,
      groups: [
        { id: expect.any(String), displayName: "Alumni", externalId: null, members: 0, mappedArea: null },
        { id: expect.any(String), displayName: "partners", externalId: "ext-p", members: 1, mappedArea: "Partners" },
      ],
    });
    expect(await areaOf(a)).toMatchObject({ area: "Partners" });
  });

  it("refuses mappings to an unknown area or with no group name", async () => {
    await expect(addGroupMapping({ actor: admin, groupName: "X", areaId: "00000000-0000-4000-8000-000000000001" }, t.db)).rejects.toThrow(
      /area does not exist/,
    );
    await expect(addGroupMapping({ actor: admin, groupName: "  ", areaId: areas.partners.id }, t.db)).rejects.toThrow(/group's name/);
    expect(await t.db.groupAreaMapping.count()).toBe(0);
  });
});
