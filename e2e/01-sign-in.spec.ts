import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./helpers";

test("the sign-in page is accessible and refuses a wrong password", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);
  await screenshot(page, "sign-in");
  await signIn(page, "employee", "not the password", { expectFailure: true });
  await expect(page.locator("#login-error")).toHaveText(/Wrong user name or password/);
});

test("a blocked user cannot sign in", async ({ page }) => {
  await signIn(page, "blocked.user", undefined, { expectFailure: true });
  await expect(page.locator("#login-error")).toHaveText(/blocked/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("an ordinary user lands on the intranet home and is refused both admin areas", async ({ page }) => {
  await signIn(page, "employee");
  await expect(page.getByRole("heading", { name: /Welcome, Eve Employee/ })).toBeVisible();
  await screenshot(page, "intranet-home");
  await expect(page.getByRole("link", { name: /Admin/ })).toHaveCount(0);
  for (const path of ["/admin/people", "/admin/system/license"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  }
  const csv = await page.request.get("/admin/people/export?columns=username");
  expect(csv.status()).toBe(403);
});

test("signed-out visitors are sent to sign-in and get no data from routes", async ({ page }) => {
  await page.goto("/admin/people");
  await expect(page).toHaveURL(/\/login$/);
  const csv = await page.request.get("/admin/people/export?columns=username");
  expect(csv.status()).toBe(401);
});
