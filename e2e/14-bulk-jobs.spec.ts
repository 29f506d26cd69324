import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./helpers";

// Bulk jobs on the demo console: block every active account of the Suppliers area, unblock them
// again, then delete one. Runs after the specs that count the demo's seats.

async function suppliersView(page: Page, state: "active" | "blocked") {
  await page.goto("/admin/people");
  const filters = page.getByRole("search", { name: "Search and filter people" });
  await filters.getByLabel("Area").selectOption({ label: "Suppliers" });
  await filters.getByLabel("State").selectOption({ label: state === "active" ? "Active" : "Blocked" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`state=${state}`));
  const button = page.getByTestId("matching-actions");
  return Number((await button.innerText()).match(/All ([\d,]+) matching/)![1].replace(/,/g, ""));
}

async function startFromMenu(page: Page, item: string) {
  await page.getByTestId("matching-actions").click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

test("a People administrator blocks every account a filter matches, follows the progress and downloads the outcome", async ({ page }) => {
  await signIn(page, "peopleadmin");
  const matching = await suppliersView(page, "active");
  expect(matching).toBeGreaterThan(0);
  const rows = page.locator("tbody tr[data-username]");
  await expect(rows).toHaveCount(matching);

  await startFromMenu(page, `Block all ${matching} matching`);
  const dialog = page.getByRole("dialog", { name: `Block all ${matching} matching accounts?` });
  await expect(dialog).toContainText("on every page of the list");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: `Block all ${matching}` }).click();

  await expect(page).toHaveURL(/\/admin\/people\/bulk-jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: `Block all ${matching} matching: active, in Suppliers` })).toBeVisible();
  await expect(page.getByTestId("bulk-job-state")).toHaveText("Finished", { timeout: 30_000 });
  await expect(page.getByTestId("bulk-job-figures")).toContainText(`${matching} of ${matching} processed`);
  await expect(page.getByTestId("bulk-job-figures")).toContainText(`${matching} blocked`);
  await expect(page.getByRole("progressbar", { name: "Accounts processed" })).toHaveAttribute("aria-valuenow", String(matching));
  await expectAccessible(page);
  await screenshot(page, "bulk-job");

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download the outcome of each account/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^bulk-block-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8"))
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toBe("User name,Outcome,Message,Processed at (UTC)");
  expect(lines).toHaveLength(matching + 1);
  expect(lines.slice(1).every((l) => /,Done,Blocked: its seat is free\.,\d{4}-/.test(l))).toBe(true);

  // Nothing active is left in Suppliers; the job is listed with the others.
  expect(await suppliersView(page, "active")).toBe(0);
  await expect(page.getByTestId("matching-actions")).toBeDisabled();
  await page.getByRole("link", { name: "Bulk jobs…" }).click();
  await expect(page.getByRole("link", { name: new RegExp(`Block all ${matching}: active, in Suppliers`) })).toBeVisible();
  await expectAccessible(page);
});

test("unblocking a whole filter takes the free seats, and deleting asks for the number of accounts", async ({ page }) => {
  await signIn(page, "peopleadmin");
  const blocked = await suppliersView(page, "blocked");
  await startFromMenu(page, `Unblock all ${blocked} matching`);
  await page
    .getByRole("dialog")
    .getByRole("button", { name: `Unblock all ${blocked}` })
    .click();
  await expect(page.getByTestId("bulk-job-state")).toHaveText("Finished", { timeout: 30_000 });
  await expect(page.getByTestId("bulk-job-figures")).toContainText(`${blocked} of ${blocked} processed`);

  const active = await suppliersView(page, "active");
  expect(active).toBeGreaterThan(0);
  await startFromMenu(page, `Delete all ${active} matching…`);
  const dialog = page.getByRole("dialog", { name: `Delete all ${active} matching accounts?` });
  await expect(dialog).toContainText("permanent");
  const confirm = dialog.getByRole("button", { name: `Delete all ${active}` });
  await dialog.getByLabel(/To confirm/).fill(String(active + 1));
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/To confirm/).fill(String(active));
  await confirm.click();
  await expect(page.getByTestId("bulk-job-state")).toHaveText("Finished", { timeout: 30_000 });
  await expect(page.getByTestId("bulk-job-figures")).toContainText(`${active} deleted`);
  expect(await suppliersView(page, "active")).toBe(0);
});
