import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./helpers";

test("a sysadmin reads Max_Users at a glance and Max_extranet_users under View all", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.getByRole("link", { name: "Admin › System" }).click();
  await expect(page.getByRole("heading", { name: "Admin › System › License" })).toBeVisible();
  await expect(page.locator('[data-field="Max_Users"]')).toHaveText("55");
  await expect(page.locator('[data-field="Max_extranet_users"]')).toHaveCount(0);
  await expect(page.getByTestId("total-active")).toHaveText("60");
  await expect(page.getByTestId("primary-active")).toHaveText("53");
  await expectAccessible(page);
  await page.getByRole("button", { name: "View all" }).click();
  await expect(page.locator('[data-field="Max_extranet_users"]')).toHaveText("10");
  await expect(page.getByRole("button", { name: "View less" })).toHaveAttribute("aria-expanded", "true");
  await screenshot(page, "license");
  await page.getByRole("button", { name: "View less" }).click();
  await expect(page.locator('[data-field="Max_extranet_users"]')).toHaveCount(0);
  // A sysadmin who is not a People administrator is refused Admin > People.
  expect((await page.goto("/admin/people"))?.status()).toBe(403);
});
