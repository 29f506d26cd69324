import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { rememberSecret, signIn } from "./helpers";

// The Users checks of two public SCIM conformance suites, over real HTTP against the console
// started with the README's command: Okta's "SCIM 2.0 spec test" (the Runscope suite Okta asks
// integrators to pass) and Microsoft's SCIM Validator (the tool Entra ID's gallery review uses).
// Each test is one of their checks, named after it, asserting what the suite asserts.
test.describe.configure({ mode: "serial" });

const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const stamp = Date.now().toString(36);
let token = "";

type Reply = { status: number; headers: Record<string, string>; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function scim(
  request: APIRequestContext,
  method: string,
  path: string,
  data?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await request.fetch(`/scim/v2/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json", accept: "application/scim+json", ...headers },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  const text = await response.text();
  return { status: response.status(), headers: response.headers(), body: text ? JSON.parse(text) : null };
}
const q = (filter: string) => encodeURIComponent(filter);

/** What both suites check on every SCIM answer with a body. */
function expectScimJson(reply: Reply) {
  expect(reply.headers["content-type"]).toBe("application/scim+json");
}

test("a sysadmin creates the token the suites use", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/directory");
  await page.getByLabel("Token name").fill(`Conformance ${stamp}`);
  await page.getByRole("button", { name: "Create token" }).click();
  token = (await page.getByTestId("new-token").innerText()).trim();
  expect(token).toMatch(/^skt_/);
  rememberSecret(token);
});

test.describe("Okta SCIM 2.0 spec test: Users", () => {
  const userName = `okta.spec.${stamp}@example.com`;
  let id = "";

  test("Required: Test Users endpoint (GET /Users?count=1&startIndex=1)", async ({ request }) => {
    const reply = await scim(request, "GET", "Users?count=1&startIndex=1");
    expect(reply.status).toBe(200);
    expectScimJson(reply);
    expect(reply.body.schemas).toContain(LIST);
    expect(reply.body).toHaveProperty("itemsPerPage");
    expect(reply.body).toHaveProperty("startIndex", 1);
    expect(reply.body).toHaveProperty("totalResults");
    expect(Array.isArray(reply.body.Resources)).toBe(true);
    expect(reply.body.Resources.length).toBeLessThanOrEqual(1);
    const [first] = reply.body.Resources;
    expect(first).toHaveProperty("id");
    expect(first).toHaveProperty("userName");
    expect(first).toHaveProperty("name.familyName");
    expect(first).toHaveProperty("name.givenName");
    expect(typeof first.active).toBe("boolean");
    expect(first.emails[0]).toHaveProperty("value");
  });

  test("Required: Get a user by id from the list (GET /Users/{id})", async ({ request }) => {
    const first = (await scim(request, "GET", "Users?count=1&startIndex=1")).body.Resources[0];
    const reply = await scim(request, "GET", `Users/${first.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: first.id, userName: first.userName });
  });

  test("Required: Test invalid User by username (filter finds nothing)", async ({ request }) => {
    const reply = await scim(request, "GET", `Users?filter=${q(`userName eq "invalid-${randomUUID()}@example.com"`)}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });
  });

  test("Required: Make sure random user doesn't exist (by id)", async ({ request }) => {
    const reply = await scim(request, "GET", `Users?filter=${q(`id eq "${randomUUID()}"`)}&startIndex=1&count=100`);
    expect(reply.body.totalResults).toBe(0);
  });

  test("Required: Create Okta user with realistic values", async ({ request }) => {
    const reply = await scim(request, "POST", "Users", {
      schemas: [CORE_USER],
      userName,
      name: { givenName: "Conformance", familyName: "Okta" },
      emails: [{ primary: true, value: userName, type: "work" }],
      displayName: "Conformance Okta",
      active: true,
      password: "1mP@ssw0rd!!",
      externalId: `okta-${stamp}`,
    });
    expect(reply.status).toBe(201);
    expectScimJson(reply);
    id = reply.body.id;
    expect(id).toBeTruthy();
    expect(reply.headers.location).toMatch(new RegExp(`/scim/v2/Users/${id}$`));
    expect(reply.body).toMatchObject({ userName, displayName: "Conformance Okta", name: { givenName: "Conformance", familyName: "Okta" } });
    expect(reply.body.emails[0].value).toBe(userName);
    // active true, or false with the reason when the demo's pool has no free seat (it then waits).
    if (!reply.body.active)
      expect(reply.body["urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User"].blockedReason).toBe("waiting for a seat");
  });

  test("Required: Verify that user was created", async ({ request }) => {
    const reply = await scim(request, "GET", `Users/${id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id, userName, name: { familyName: "Okta" } });
  });

  test("Required: Expect failure when recreating user with same values", async ({ request }) => {
    const reply = await scim(request, "POST", "Users", {
      schemas: [CORE_USER],
      userName,
      name: { givenName: "Conformance", familyName: "Okta" },
      emails: [{ primary: true, value: userName, type: "work" }],
    });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
  });

  test("Required: Username Case Sensitivity Check", async ({ request }) => {
    const reply = await scim(request, "GET", `Users?filter=${q(`userName eq "${userName.toUpperCase()}"`)}&startIndex=1&count=100`);
    expect(reply.body.totalResults).toBe(1);
    expect(reply.body.Resources[0].id).toBe(id);
  });

  test("Required: Update user with PUT, then deactivate with PATCH", async ({ request }) => {
    const current = (await scim(request, "GET", `Users/${id}`)).body;
    const put = await scim(request, "PUT", `Users/${id}`, {
      ...current,
      name: { givenName: "Conformance", familyName: "Okta-Updated" },
      displayName: "Okta Updated",
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: { familyName: "Okta-Updated" }, displayName: "Okta Updated" });
    const off = await scim(request, "PATCH", `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
  });

  test("Required: Check status 404 for an unknown user", async ({ request }) => {
    const reply = await scim(request, "GET", `Users/${randomUUID()}`);
    expect(reply.status).toBe(404);
    expectScimJson(reply);
    expect(reply.body.schemas).toEqual([ERROR]);
    expect(reply.body.status).toBe("404");
    expect(typeof reply.body.detail).toBe("string");
  });
});

test.describe("Microsoft SCIM Validator: Users", () => {
  const userName = `ms.validator.${stamp}@contoso.example`;
  const externalId = `ms-${randomUUID()}`;
  let id = "";

  test("discovers the service provider (ServiceProviderConfig, ResourceTypes, Schemas)", async ({ request }) => {
    const config = await scim(request, "GET", "ServiceProviderConfig");
    expectScimJson(config);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
    });
    const types = await scim(request, "GET", "ResourceTypes");
    expect(types.body.Resources.find((r: { id: string }) => r.id === "User")).toMatchObject({ endpoint: "/Users", schema: CORE_USER });
    const schema = await scim(request, "GET", `Schemas/${CORE_USER}`);
    const names = schema.body.attributes.map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining(["userName", "displayName", "emails", "active", "name", "externalId"]));
  });

  test("Create a new User", async ({ request }) => {
    const reply = await scim(request, "POST", "Users", {
      schemas: [CORE_USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      userName,
      active: true,
      displayName: "Validator Person",
      emails: [{ type: "work", value: userName, primary: true }],
      name: { givenName: "Validator", familyName: "Person" },
      externalId,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "QA", employeeNumber: "42" },
    });
    expect(reply.status).toBe(201);
    id = reply.body.id;
    expect(reply.body).toMatchObject({
      userName,
      displayName: "Validator Person",
      externalId,
      name: { givenName: "Validator", familyName: "Person" },
    });
    expect(reply.body.meta).toMatchObject({ resourceType: "User" });
    expect(reply.body.meta.version).toBe(reply.headers.etag);
  });

  test("Create a duplicate User", async ({ request }) => {
    const reply = await scim(request, "POST", "Users", { schemas: [CORE_USER], userName, emails: [{ type: "work", value: userName }] });
    expect(reply.status).toBe(409);
  });

  test("Filter for an existing user, and with a different case", async ({ request }) => {
    for (const filter of [`userName eq "${userName}"`, `userName eq "${userName.toUpperCase()}"`, `externalId eq "${externalId}"`]) {
      const reply = await scim(request, "GET", `Users?filter=${q(filter)}`);
      expect(reply.body.totalResults, filter).toBe(1);
      expect(reply.body.Resources[0].id).toBe(id);
    }
    // externalId is caseExact.
    expect((await scim(request, "GET", `Users?filter=${q(`externalId eq "${externalId.toUpperCase()}"`)}`)).body.totalResults).toBe(0);
  });

  test("Filter for a non-existing user", async ({ request }) => {
    const reply = await scim(request, "GET", `Users?filter=${q(`userName eq "nobody-${randomUUID()}@contoso.example"`)}`);
    expect(reply.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  test("Patch User - Replace attributes (Entra's capitalised ops, with paths)", async ({ request }) => {
    const newName = `ms.renamed.${stamp}@contoso.example`;
    const reply = await scim(request, "PATCH", `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "userName", value: newName },
        { op: "Replace", path: "displayName", value: "Validator Renamed" },
        { op: "Replace", path: "name.givenName", value: "Val" },
        { op: "Replace", path: "name.familyName", value: "Renamed" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: newName },
        { op: "Replace", path: "externalId", value: `${externalId}-2` },
      ],
    });
    expect(reply.status).toBe(200);
    const read = (await scim(request, "GET", `Users/${id}`)).body;
    expect(read).toMatchObject({
      userName: newName,
      displayName: "Validator Renamed",
      name: { givenName: "Val", familyName: "Renamed" },
      externalId: `${externalId}-2`,
    });
    expect(read.emails[0].value).toBe(newName);
  });

  test("Patch User - Add attributes (no path, Entra's dotted keys)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", value: { displayName: "Validator Added", "name.givenName": "Valerie" } }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ displayName: "Validator Added", name: { givenName: "Valerie" } });
  });

  test("Patch User - Disable with a string boolean", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(reply.body.active).toBe(false);
    expect((await scim(request, "GET", `Users/${id}`)).body.active).toBe(false);
  });

  test("Conditional update: a stale If-Match is refused with 412", async ({ request }) => {
    const current = await scim(request, "GET", `Users/${id}`);
    const stale = 'W/"stale"';
    const refused = await scim(
      request,
      "PATCH",
      `Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "displayName", value: "Nope" }] },
      { "if-match": stale },
    );
    expect(refused.status).toBe(412);
    const accepted = await scim(
      request,
      "PATCH",
      `Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "displayName", value: "Matched" }] },
      { "if-match": current.headers.etag },
    );
    expect(accepted.status).toBe(200);
  });

  test("List with sortBy, attributes and the full filter grammar", async ({ request }) => {
    const reply = await scim(
      request,
      "GET",
      `Users?filter=${q(`(userName sw "ms.renamed.${stamp}" or userName sw "okta.spec.${stamp}") and not (displayName eq "nobody")`)}&sortBy=userName&sortOrder=descending&attributes=userName`,
    );
    expect(reply.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      `okta.spec.${stamp}@example.com`,
      `ms.renamed.${stamp}@contoso.example`,
    ]);
    expect(Object.keys(reply.body.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
  });

  test("Delete a User, then it is gone", async ({ request }) => {
    expect((await scim(request, "DELETE", `Users/${id}`)).status).toBe(204);
    expect((await scim(request, "GET", `Users/${id}`)).status).toBe(404);
    expect((await scim(request, "GET", `Users?filter=${q(`externalId eq "${externalId}-2"`)}`)).body.totalResults).toBe(0);
  });
});

const CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** A user for the groups checks, created the way both suites do before they test groups. */
async function groupMember(request: APIRequestContext, userName: string): Promise<string> {
  const reply = await scim(request, "POST", "Users", {
    schemas: [CORE_USER],
    userName,
    name: { givenName: "Group", familyName: "Member" },
    emails: [{ primary: true, value: userName, type: "work" }],
    active: true,
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

const memberIds = (group: { members?: { value: string }[] }) => (group.members ?? []).map((m) => m.value).sort();

test.describe("Okta SCIM 2.0 spec test: Groups (Push Groups)", () => {
  const displayName = `Okta Push ${stamp}`;
  let id = "";
  let member = "";

  test("Required: Test Groups endpoint (GET /Groups?count=1&startIndex=1)", async ({ request }) => {
    member = await groupMember(request, `okta.group.member.${stamp}@example.com`);
    const reply = await scim(request, "GET", "Groups?count=1&startIndex=1");
    expect(reply.status).toBe(200);
    expectScimJson(reply);
    expect(reply.body.schemas).toContain(LIST);
    expect(reply.body).toHaveProperty("totalResults");
    expect(reply.body).toHaveProperty("startIndex", 1);
    expect(reply.body).toHaveProperty("itemsPerPage");
    expect(reply.body.Resources.length).toBeLessThanOrEqual(1);
  });

  test("Required: Check the group does not exist yet (filter by displayName)", async ({ request }) => {
    const reply = await scim(request, "GET", `Groups?filter=${q(`displayName eq "${displayName}"`)}&startIndex=1&count=100`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });
  });

  test("Required: Create a group", async ({ request }) => {
    const reply = await scim(request, "POST", "Groups", { schemas: [CORE_GROUP], displayName, members: [] });
    expect(reply.status).toBe(201);
    expectScimJson(reply);
    id = reply.body.id;
    expect(id).toBeTruthy();
    expect(reply.headers.location).toMatch(new RegExp(`/scim/v2/Groups/${id}$`));
    expect(reply.body).toMatchObject({ schemas: [CORE_GROUP], displayName, meta: { resourceType: "Group" } });
  });

  test("Required: Get the group by id", async ({ request }) => {
    const reply = await scim(request, "GET", `Groups/${id}`);
    expect(reply.status).toBe(200);
    expectScimJson(reply);
    expect(reply.body).toMatchObject({ id, displayName });
  });

  test("Required: Find the group by displayName", async ({ request }) => {
    const reply = await scim(request, "GET", `Groups?filter=${q(`displayName eq "${displayName}"`)}&startIndex=1&count=100`);
    expect(reply.body.totalResults).toBe(1);
    expect(reply.body.Resources[0]).toMatchObject({ id, displayName });
  });

  test("Required: Expect failure when creating a group with the same name", async ({ request }) => {
    const reply = await scim(request, "POST", "Groups", { schemas: [CORE_GROUP], displayName, members: [] });
    expect(reply.status).toBe(409);
    expectScimJson(reply);
    expect(reply.body).toMatchObject({ schemas: [ERROR], status: "409", scimType: "uniqueness" });
  });

  test("Required: Add a user to the group (PATCH add members)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "add", path: "members", value: [{ value: member, display: `okta.group.member.${stamp}@example.com` }] }],
    });
    expect([200, 204]).toContain(reply.status);
    expect(memberIds((await scim(request, "GET", `Groups/${id}`)).body)).toEqual([member]);
  });

  test("Required: Rename the group (PATCH replace with a value object, as Okta sends it)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { id, displayName: `${displayName} Renamed` } }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.displayName).toBe(`${displayName} Renamed`);
    const found = await scim(request, "GET", `Groups?filter=${q(`displayName eq "${displayName} renamed"`)}`);
    expect(found.body.Resources.map((g: { id: string }) => g.id)).toEqual([id]);
  });

  test("Required: Remove the user from the group (PATCH remove with a members filter)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: `members[value eq "${member}"]` }],
    });
    expect([200, 204]).toContain(reply.status);
    expect(memberIds((await scim(request, "GET", `Groups/${id}`)).body)).toEqual([]);
  });

  test("Required: Replace the group with PUT (name and members)", async ({ request }) => {
    const reply = await scim(request, "PUT", `Groups/${id}`, {
      schemas: [CORE_GROUP],
      id,
      displayName,
      members: [{ value: member }],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.displayName).toBe(displayName);
    expect(memberIds(reply.body)).toEqual([member]);
  });

  test("Required: Delete the group, then it is 404", async ({ request }) => {
    expect((await scim(request, "DELETE", `Groups/${id}`)).status).toBe(204);
    const gone = await scim(request, "GET", `Groups/${id}`);
    expect(gone.status).toBe(404);
    expectScimJson(gone);
    expect(gone.body).toMatchObject({ schemas: [ERROR], status: "404" });
    expect((await scim(request, "GET", `Groups?filter=${q(`displayName eq "${displayName}"`)}`)).body.totalResults).toBe(0);
    // The member stays: deleting a group deletes no user.
    expect((await scim(request, "GET", `Users/${member}`)).status).toBe(200);
  });
});

test.describe("Microsoft SCIM Validator: Groups", () => {
  const displayName = `Validator Group ${stamp}`;
  const externalId = `ms-group-${randomUUID()}`;
  let id = "";
  let first = "";
  let second = "";

  test("discovers the Group resource type and schema", async ({ request }) => {
    const types = await scim(request, "GET", "ResourceTypes");
    expect(types.body.Resources.find((r: { id: string }) => r.id === "Group")).toMatchObject({ endpoint: "/Groups", schema: CORE_GROUP });
    const schema = await scim(request, "GET", `Schemas/${CORE_GROUP}`);
    expect(schema.body.attributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(["displayName", "members"]));
  });

  test("Create a new Group (with a member)", async ({ request }) => {
    first = await groupMember(request, `ms.group.first.${stamp}@contoso.example`);
    second = await groupMember(request, `ms.group.second.${stamp}@contoso.example`);
    const reply = await scim(request, "POST", "Groups", {
      schemas: [CORE_GROUP],
      displayName,
      externalId,
      members: [{ value: first }],
    });
    expect(reply.status).toBe(201);
    id = reply.body.id;
    expect(reply.body).toMatchObject({ displayName, externalId, meta: { resourceType: "Group" } });
    expect(memberIds(reply.body)).toEqual([first]);
    expect(reply.body.meta.version).toBe(reply.headers.etag);
  });

  test("Create a duplicate Group", async ({ request }) => {
    const reply = await scim(request, "POST", "Groups", { schemas: [CORE_GROUP], displayName: displayName.toUpperCase() });
    expect(reply.status).toBe(409);
  });

  test("Filter for an existing group, with a different case, without members", async ({ request }) => {
    for (const filter of [
      `displayName eq "${displayName}"`,
      `displayName eq "${displayName.toUpperCase()}"`,
      `externalId eq "${externalId}"`,
    ]) {
      const reply = await scim(request, "GET", `Groups?excludedAttributes=members&filter=${q(filter)}`);
      expect(reply.body.totalResults, filter).toBe(1);
      expect(reply.body.Resources[0].id).toBe(id);
      expect(reply.body.Resources[0]).not.toHaveProperty("members");
    }
    expect((await scim(request, "GET", `Groups?filter=${q(`externalId eq "${externalId.toUpperCase()}"`)}`)).body.totalResults).toBe(0);
  });

  test("Filter for a non-existing group", async ({ request }) => {
    const reply = await scim(request, "GET", `Groups?excludedAttributes=members&filter=${q(`displayName eq "nobody-${randomUUID()}"`)}`);
    expect(reply.body).toMatchObject({ totalResults: 0, Resources: [] });
  });

  test("Patch Group - Add Member (Entra's capitalised op)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Add", path: "members", value: [{ value: second }] }],
    });
    expect([200, 204]).toContain(reply.status);
    expect(memberIds((await scim(request, "GET", `Groups/${id}`)).body)).toEqual([first, second].sort());
  });

  test("Check membership with Entra's filter (id and members[value eq])", async ({ request }) => {
    const check = (user: string) =>
      scim(request, "GET", `Groups?excludedAttributes=members&filter=${q(`id eq "${id}" and members[value eq "${user}"]`)}`);
    expect((await check(second)).body.totalResults).toBe(1);
    expect((await check(randomUUID())).body.totalResults).toBe(0);
  });

  test("Patch Group - Remove Member (Entra's remove with a value list)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Remove", path: "members", value: [{ value: first }] }],
    });
    expect([200, 204]).toContain(reply.status);
    expect(memberIds((await scim(request, "GET", `Groups/${id}`)).body)).toEqual([second]);
  });

  test("Patch Group - Replace Attributes (displayName with a path)", async ({ request }) => {
    const reply = await scim(request, "PATCH", `Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "Replace", path: "displayName", value: `${displayName} Renamed` }],
    });
    expect(reply.status).toBe(200);
    expect((await scim(request, "GET", `Groups/${id}?excludedAttributes=members`)).body).toMatchObject({
      displayName: `${displayName} Renamed`,
    });
  });

  test("Update Group with PUT (a stale If-Match is refused with 412)", async ({ request }) => {
    const current = await scim(request, "GET", `Groups/${id}`);
    const body = { schemas: [CORE_GROUP], id, displayName, externalId, members: [{ value: first }, { value: second }] };
    expect((await scim(request, "PUT", `Groups/${id}`, body, { "if-match": 'W/"stale"' })).status).toBe(412);
    const reply = await scim(request, "PUT", `Groups/${id}`, body, { "if-match": current.headers.etag });
    expect(reply.status).toBe(200);
    expect(reply.body.displayName).toBe(displayName);
    expect(memberIds(reply.body)).toEqual([first, second].sort());
  });

  test("List groups with sortBy, attributes and the full filter grammar", async ({ request }) => {
    const filter = `(displayName sw "validator group ${stamp}" or displayName sw "okta push ${stamp}") and members[value eq "${first}"] and not (externalId eq null)`;
    const reply = await scim(
      request,
      "GET",
      `Groups?filter=${q(filter)}&sortBy=displayName&sortOrder=descending&attributes=displayName,members.value`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body.Resources).toHaveLength(1);
    expect(Object.keys(reply.body.Resources[0]).sort()).toEqual(["displayName", "id", "members", "schemas"]);
    expect(reply.body.Resources[0].members.every((m: object) => Object.keys(m).join() === "value")).toBe(true);
    const refused = await scim(request, "GET", `Groups?filter=${q('owner eq "me"')}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ schemas: [ERROR], scimType: "invalidFilter" });
    expect(refused.body.detail).toMatch(/Unknown attribute "owner"/);
  });

  test("Delete a Group, then it is gone", async ({ request }) => {
    expect((await scim(request, "DELETE", `Groups/${id}`)).status).toBe(204);
    expect((await scim(request, "GET", `Groups/${id}`)).status).toBe(404);
    expect((await scim(request, "DELETE", `Groups/${id}`)).status).toBe(404);
    expect((await scim(request, "GET", `Groups?filter=${q(`externalId eq "${externalId}"`)}`)).body.totalResults).toBe(0);
  });
});
