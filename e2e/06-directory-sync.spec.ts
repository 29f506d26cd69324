import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAccessible, rememberSecret, screenshot, signIn, stat } from "./helpers";

// Directory sync against the running console over real HTTP: a sysadmin makes a token, then
// requests shaped like Okta's and Entra ID's use it.
test.describe.configure({ mode: "serial" });

let token = "";
const stamp = Date.now().toString(36);
const scimHeaders = () => ({ authorization: `Bearer ${token}`, "content-type": "application/scim+json" });
const patch = (operations: unknown[]) => ({ schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations });

async function scim(request: APIRequestContext, method: string, path: string, data?: unknown) {
  const response = await request.fetch(`/scim/v2/${path}`, {
    method,
    headers: scimHeaders(),
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  const text = await response.text();
  return { status: response.status(), type: response.headers()["content-type"], body: text ? JSON.parse(text) : null };
}

test("a sysadmin creates a SCIM token, shown once", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/directory");
  await expect(page.getByTestId("scim-base")).toHaveText(/\/scim\/v2$/);
  await page.getByLabel("Token name").fill("Okta e2e");
  await page.getByRole("button", { name: "Create token" }).click();
  token = (await page.getByTestId("new-token").innerText()).trim();
  expect(token).toMatch(/^skt_/);
  rememberSecret(token);
  await expect(page.locator('tr[data-token-name="Okta e2e"]')).toContainText("active");
  await expectAccessible(page);
  await screenshot(page, "directory");
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
});

test("Okta's sequence over HTTP: list, look up, create, deactivate", async ({ request }) => {
  expect((await request.get("/scim/v2/Users")).status()).toBe(401);
  const list = await scim(request, "GET", "Users?startIndex=1&count=2");
  expect(list.status).toBe(200);
  expect(list.type).toMatch(/application\/scim\+json/);
  expect(list.body).toMatchObject({ startIndex: 1, itemsPerPage: 2 });
  const userName = `okta.${stamp}@example.com`;
  const lookup = await scim(request, "GET", `Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
  expect(lookup.body.totalResults).toBe(0);
  const created = await scim(request, "POST", "Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    name: { givenName: "Okta", familyName: "User" },
    emails: [{ primary: true, value: userName, type: "work" }],
    active: true,
  });
  expect(created.status).toBe(201);
  const off = await scim(request, "PATCH", `Users/${created.body.id}`, patch([{ op: "replace", value: { active: false } }]));
  expect(off.body.active).toBe(false);
  const bad = await scim(request, "GET", `Users?filter=${encodeURIComponent('title eq "x"')}`);
  expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
  const malformed = await request.fetch("/scim/v2/Users", { method: "POST", headers: scimHeaders(), data: "{oops" });
  expect(malformed.status()).toBe(400);
});

test("when the extranets are full, synced users wait; a People administrator sees them apart", async ({ request, page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  const free = (await stat(page, "limit", "EXTRANET")) - (await stat(page, "used", "EXTRANET"));
  const users = [];
  for (let i = 0; i < free + 2; i++) {
    const userName = `partner${i}.${stamp}@example.com`;
    const r = await scim(request, "POST", "Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User"],
      userName,
      name: { givenName: "Partner", familyName: `No ${i}` },
      emails: [{ value: userName }],
      "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User": { area: "Partners" },
    });
    expect(r.status).toBe(201);
    users.push(r.body);
  }
  expect(users.filter((u) => u.active)).toHaveLength(free);
  expect(users.slice(free).every((u) => !u.active)).toBe(true);
  await page.reload();
  await expect(page.getByTestId("blocked-EXTRANET")).toContainText("2 waiting for a seat");
  await page.goto("/admin/people?state=waiting");
  await expect(page.locator("tbody tr[data-username]")).toHaveCount(2);
  await expect(page.locator("tbody tr[data-username]").first()).toContainText("waiting for a seat");
});

test("a People administrator imports a CSV, sees the checks, and downloads the outcome", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  await page.getByRole("link", { name: "Import…" }).click();
  await page.getByLabel(/^CSV file/).setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("") });
  await expect(page.getByTestId("import-preview")).toContainText("The file is empty");
  const csv = [
    "username,email,first name,last name,area",
    `imp1.${stamp},imp1.${stamp}@example.test,Ada,Import,Intranet`,
    `imp2.${stamp},not-an-email,Bob,Import,`,
    `imp3.${stamp},imp3.${stamp}@example.test,Cy,Import,Mars`,
  ].join("\n");
  await page.getByLabel(/^CSV file/).setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByTestId("import-counts")).toHaveText("3 rows: 1 ready, 2 with problems (skipped).");
  await expect(page.locator('tr[data-line="3"]')).toContainText("valid e-mail");
  await expect(page.locator('tr[data-line="4"]')).toContainText('Unknown area "Mars"');
  await expectAccessible(page);
  await screenshot(page, "import");
  await page.getByRole("button", { name: "Import 1 people" }).click();
  await expect(page.getByTestId("import-result")).toContainText(/(1 created, 0 waiting|0 created, 0 waiting for a seat, 1 refused)/);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the result (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^import-result-.*\.csv$/);
});
