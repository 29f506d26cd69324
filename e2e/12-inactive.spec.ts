import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./helpers";

// Inactive accounts on the demo console. Specs after this one count the demo's seats: this one
// blocks nobody, and leaves the policy it turns on off again.

test("the People list finds inactive accounts, in the URL and combined with the state filter", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  const filters = page.getByRole("search", { name: "Search and filter people" });
  await filters.getByLabel("Activity").selectOption({ label: "Never signed in (created more than 7 days ago)" });
  await filters.getByLabel("State").selectOption({ label: "Active" });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/inactive=never/);
  await expect(page).toHaveURL(/state=active/);
  const rows = page.locator('table[aria-describedby="list-summary"] tbody tr');
  await expect(rows.first()).toBeVisible();
  await expect(rows.first()).toContainText("never");
  // Someone who signed in (this very People administrator) is not among them.
  await expect(page.getByRole("cell", { name: "peopleadmin", exact: true })).toHaveCount(0);
  await expect(page.getByRole("columnheader", { name: /Last activity/ })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "inactive");

  // A filter the console does not offer is refused with a sentence, not an error page.
  const bad = await page.goto("/admin/people?inactive=7");
  expect(bad?.status()).toBe(200);
  await expect(page.getByText(/Inactive must be 30, 60, 90, 180 or never/)).toBeVisible();
});

test("a policy's preview lists who the next run would block; turned off, nobody", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  await page.getByRole("link", { name: "Inactive accounts…" }).click();
  await expect(page.getByRole("heading", { name: "Inactive accounts", level: 1 })).toBeVisible();
  await expect(page.getByTestId("preview-block-count")).toHaveText("0");

  const primary = page.getByRole("form", { name: "Primary area inactivity policy" });
  await primary.getByLabel("Inactive for (days, at least 30)").fill("20");
  await primary.getByRole("button", { name: /Save the Primary area policy/ }).click();
  await expect(primary.getByText("At least 30 days.")).toBeVisible();

  await primary.getByLabel("Block inactive accounts every day").check();
  await primary.getByLabel("Inactive for (days, at least 30)").fill("30");
  await primary.getByRole("button", { name: /Save the Primary area policy/ }).click();
  await expect(primary.getByText(/Saved: in the Primary area, accounts inactive for 30 days/)).toBeVisible();
  await page.reload();
  const count = Number((await page.getByTestId("preview-block-count").innerText()).replace(/,/g, ""));
  expect(count).toBeGreaterThan(0);
  const preview = page.getByTestId("inactive-preview");
  await expect(preview.getByRole("cell", { name: "peopleadmin", exact: true })).toHaveCount(0); // administrators are exempt
  await expectAccessible(page);
  await screenshot(page, "inactive-policy");

  await primary.getByLabel("Block inactive accounts every day").uncheck();
  await primary.getByRole("button", { name: /Save the Primary area policy/ }).click();
  await expect(primary.getByText(/Saved: the Primary area policy is off/)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("preview-block-count")).toHaveText("0");
});
