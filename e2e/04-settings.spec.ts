import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./helpers";

test("a sysadmin sets the near-full warning threshold, and a bad value is refused beside the field", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/settings");
  const input = page.getByLabel(/Warn People administrators/);
  await expect(input).toHaveValue("90");
  await expectAccessible(page);
  await input.fill("20");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#threshold-error")).toHaveText(/At least 50%/);
  await input.fill("85");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveText(/85%/);
  await page.reload();
  await expect(page.getByLabel(/Warn People administrators/)).toHaveValue("85");
  await screenshot(page, "settings");
});

test("a People administrator who is not a sysadmin is refused Admin > System", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await expect(page.getByRole("link", { name: "Admin › System" })).toHaveCount(0);
  expect((await page.goto("/admin/system/license"))?.status()).toBe(403);
  expect((await page.goto("/admin/system/settings"))?.status()).toBe(403);
});

test("a sysadmin sets how long audit events are kept: at least 90 days, empty keeps everything", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/settings");
  const input = page.getByLabel("Keep audit events for (days)");
  await expect(input).toHaveValue("");
  await input.fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#audit-retention-error")).toHaveText(/At least 90 days/);
  await input.fill("400");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveText(/audit events are kept for 400 days/);
  await page.reload();
  await expect(page.getByLabel("Keep audit events for (days)")).toHaveValue("400");
  // Back to the default, so the demo's past stays for the other specs.
  await page.getByLabel("Keep audit events for (days)").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toHaveText(/audit events are all kept/);
});
