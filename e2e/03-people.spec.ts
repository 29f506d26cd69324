import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { expectAccessible, screenshot, signIn, stat } from "./helpers";

// The People administrator's day on the demo site (primary area: 53 of 55 seats used).
test.describe.configure({ mode: "serial" });

let page: Page;
const stamp = Date.now().toString(36);
const user = (n: string) => ({ username: `e2e.${n}.${stamp}`, email: `e2e.${n}.${stamp}@example.test` });

async function createAccount(who: { username: string; email: string }) {
  const form = page.getByRole("region", { name: "Create an account" });
  await form.getByLabel("First name").fill("End");
  await form.getByLabel("Last name").fill(`To-End ${who.username}`);
  await form.getByLabel("User name").fill(who.username);
  await form.getByLabel("E-mail").fill(who.email);
  await form.getByLabel("Area").selectOption({ label: "Intranet (primary area)" });
  await form.getByRole("button", { name: "Create account" }).click();
  return form.getByTestId("create-result");
}

async function search(term: string) {
  await page.goto("/admin/people");
  await page.getByRole("searchbox", { name: "Search" }).fill(term);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(term).replace(/\./g, "\\.")}`));
}

test.beforeAll(async ({ browser }) => {
  page = await (await browser.newContext()).newPage();
  await signIn(page, "peopleadmin");
  await page.getByRole("link", { name: "Admin › People" }).click();
});
test.afterAll(async () => page.context().close());

test("reads the statistics", async () => {
  await expect(page.getByRole("heading", { name: "Admin › People" })).toBeVisible();
  expect(await stat(page, "limit")).toBe(55);
  expect(await stat(page, "used")).toBe(53);
  expect(await stat(page, "remaining")).toBe(2);
  expect(await stat(page, "limit", "EXTRANET")).toBe(10);
  expect(await stat(page, "used", "EXTRANET")).toBe(7);
  expect(await stat(page, "blocked")).toBeGreaterThan(0);
  await expectAccessible(page);
  await screenshot(page, "people");
});

test("bad input in the create form is said beside each field and creates nothing", async () => {
  const form = page.getByRole("region", { name: "Create an account" });
  await createAccount({ username: "employee", email: "not-an-email" });
  await expect(form.getByTestId("create-result")).toHaveText(/Check the highlighted fields/);
  await expect(form.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
  await expect(form.locator("#create-email-error")).toHaveText(/valid e-mail/);
  await createAccount({ username: "employee", email: "someone.new@example.test" });
  await expect(form.locator("#create-username-error")).toHaveText(/user name already exists: employee/);
  expect(await stat(page, "used")).toBe(53);
});

test("creates accounts until the primary pool is full, then is refused and notified", async () => {
  await expect(await createAccount(user("a"))).toHaveText(/created and active/);
  await expect(page.getByTestId("remaining-PRIMARY")).toHaveText("1");
  await expect(await createAccount(user("b"))).toHaveText(/created and active/);
  await expect(page.getByTestId("remaining-PRIMARY")).toHaveText("0");
  await expect(page.getByText(/No seats remaining/)).toBeVisible();

  const refused = await createAccount(user("c"));
  await expect(refused).toHaveText(/No free seat in the primary area \(Max_Users\): 55 of 55/);
  await expect(refused).toHaveText(/Block or delete accounts.*request more licenses/);
  expect(await stat(page, "used")).toBe(55);

  await expect(page.getByTestId("unread-count")).toHaveText(/^[1-9]\d* unread$/);
  await page.getByText("Notifications").click();
  await expect(page.locator(".bell-panel li.unread").first()).toContainText("license limit has been reached");
  await screenshot(page, "people-full");
  await page.getByText("Notifications").click();
});

test("blocks one, sees remaining go up, and creates the account that was refused", async () => {
  await search(user("a").username);
  await page.getByRole("button", { name: `Block ${user("a").username}`, exact: true }).click();
  await expect(page.getByTestId("bulk-result")).toContainText("1 blocked");
  await expect(page.getByTestId("remaining-PRIMARY")).toHaveText("1");
  await expect(page.locator(`tr[data-username="${user("a").username}"]`)).toHaveAttribute("data-state", "BLOCKED");
  await expect(await createAccount(user("c"))).toHaveText(/created and active/);
  await expect(page.getByTestId("remaining-PRIMARY")).toHaveText("0");
});

test("unblocking when full is refused with the reason", async () => {
  await search(user("a").username);
  await page.getByRole("button", { name: `Unblock ${user("a").username}`, exact: true }).click();
  await expect(page.getByTestId("bulk-result")).toContainText("1 refused");
  await expect(page.getByTestId("bulk-result")).toContainText(/No free seat in the primary area/);
  await expect(page.locator(`tr[data-username="${user("a").username}"]`)).toHaveAttribute("data-state", "BLOCKED");
});

test("deletes one with typed confirmation and is told blocking is the reversible choice", async () => {
  const victim = user("b").username;
  await search(victim);
  await page.getByRole("button", { name: `Delete ${victim}`, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Delete ${victim}?` });
  await expect(dialog).toContainText("permanent");
  await expect(dialog).toContainText("Blocking");
  await expect(dialog.getByRole("button", { name: "Delete permanently" })).toBeDisabled();
  await expectAccessible(page);
  await dialog.getByLabel(/To confirm/).fill(victim);
  await dialog.getByRole("button", { name: "Delete permanently" }).click();
  await expect(page.getByTestId("bulk-result")).toContainText("1 deleted");
  await expect(page.getByTestId("remaining-PRIMARY")).toHaveText("1");
  await expect(page.locator(`tr[data-username="${victim}"]`)).toHaveCount(0);
});

test("a bulk unblock with too few seats unblocks what fits and says why the rest were refused", async () => {
  const intranet = await page.getByRole("search").getByLabel("Area").locator("option", { hasText: "Intranet" }).getAttribute("value");
  await page.goto(`/admin/people?area=${intranet}&state=blocked`);
  const rows = page.locator("tbody tr[data-username]");
  const blocked = await rows.count();
  expect(blocked).toBeGreaterThan(2);
  await page.getByRole("checkbox", { name: "Select all people on this page" }).check();
  await page.getByRole("button", { name: "Unblock selected" }).click();
  const result = page.getByTestId("bulk-result");
  await expect(result).toContainText(`1 unblocked, ${blocked - 1} refused`);
  await expect(result.locator('[data-outcome="refused"]')).toHaveCount(blocked - 1);
  await expect(result.locator('[data-outcome="refused"]').first()).toContainText("No free seat");
  await expect(page.getByTestId("remaining-PRIMARY")).toHaveText("0");
});

test("exports with Account state, Yes for active and No for blocked, matching the list", async () => {
  await page.goto("/admin/people");
  const used = (await stat(page, "used")) + (await stat(page, "used", "EXTRANET"));
  const blocked = (await stat(page, "blocked")) + (await stat(page, "blocked", "EXTRANET"));
  await page.getByRole("button", { name: "Export…" }).click();
  const dialog = page.getByRole("dialog", { name: "Export people to CSV" });
  await expect(dialog.getByLabel(/Account state/)).toBeChecked();
  await expectAccessible(page);
  await screenshot(page, "export");
  const downloadPromise = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^people-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
  const { data } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(Object.keys(data[0])).toContain("Account state");
  expect(data.filter((r) => r["Account state"] === "Yes")).toHaveLength(used);
  expect(data.filter((r) => r["Account state"] === "No")).toHaveLength(blocked);
  expect(data.find((r) => r.Username === user("a").username)?.["Account state"]).toBe("No");
  expect(data.find((r) => r.Username === user("c").username)?.["Account state"]).toBe("Yes");
  // The same answer as the list itself, filtered by state.
  await page.goto("/admin/people?state=blocked&size=100");
  const listed = await page.locator("tbody tr[data-username]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-username")));
  for (const username of listed) expect(data.find((r) => r.Username === username)?.["Account state"]).toBe("No");
});

test("a session open when its account is blocked stops working on its next request", async ({ browser }) => {
  const victimContext = await browser.newContext();
  const victim = await victimContext.newPage();
  await signIn(victim, "employee");
  await expect(victim.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  await search("employee@demo");
  await page.getByRole("button", { name: "Block employee", exact: true }).click();
  await expect(page.getByTestId("bulk-result")).toContainText("1 blocked");
  await victim.reload();
  await expect(victim).toHaveURL(/\/login$/);
  await victimContext.close();
});
