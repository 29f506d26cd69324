import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./helpers";

// Who may open the audit log and its export is in 07-authorization's matrix.

test("a sysadmin filters the audit log by action, pages it and downloads the filter as CSV", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/license");
  await page.getByRole("navigation", { name: "Admin › System" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Admin › System › Audit log" })).toBeVisible();
  const rows = page.locator("table tbody tr[data-event-id]");
  await expect(rows).toHaveCount(25);

  const filters = page.getByRole("search", { name: "Filter the audit log" });
  await filters.getByLabel("Action").selectOption("account.create");
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/action=account\.create/);
  await expect(rows.first()).toBeVisible();
  expect(new Set(await rows.locator("td:nth-child(3)").allTextContents())).toEqual(new Set(["account.create"]));
  const firstPage = await rows.evaluateAll((r) => r.map((e) => e.getAttribute("data-event-id")));
  await expectAccessible(page);
  await screenshot(page, "audit-log");

  // The demo created more than 25 accounts: a second page of older events, none seen before.
  await page.getByRole("navigation", { name: "Audit log pages" }).getByRole("link", { name: "Older ›" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(rows.first()).toBeVisible();
  expect(new Set(await rows.locator("td:nth-child(3)").allTextContents())).toEqual(new Set(["account.create"]));
  const secondPage = await rows.evaluateAll((r) => r.map((e) => e.getAttribute("data-event-id")));
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile((await download.path())!, "utf8");
  expect(text.startsWith("\uFEFFTime (UTC),Actor,Action,Outcome,Account,Pool,")).toBe(true);
  const lines = text.trimEnd().split("\r\n").slice(1);
  expect(lines.length).toBeGreaterThan(25);
  for (const line of lines) expect(line.split(",")[2]).toBe("account.create");
  // Every event of both pages is in the file.
  for (const id of [...firstPage, ...secondPage]) expect(text).toContain(`,${id}\r\n`);
});

test("a bad link gets a notice naming what was ignored, never an error page", async ({ page }) => {
  await signIn(page, "sysadmin");
  const response = await page.goto("/admin/system/audit-log?action=drop&from=2026-13-01&size=7&outcome=done");
  expect(response?.status()).toBe(200);
  await expect(page.getByText("Some parts of this link were not understood")).toBeVisible();
  await expect(page.getByText(/Ignored action="drop"/)).toBeVisible();
  await expect(page.getByText(/Ignored from="2026-13-01"/)).toBeVisible();
  const csv = await page.request.get("/admin/system/audit-log/export?pool=moon");
  expect(csv.status()).toBe(400);
  expect(await csv.text()).toMatch(/Cannot export: Ignored pool="moon": Pool must be primary or extranet/);
});
