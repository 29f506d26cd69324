import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signLicense } from "../lib/license-file/license-document";
import { DEMO_PRIVATE_KEY_FILE } from "../lib/license-file/vendor-key";
import { expectAccessible, rememberSecret, screenshot, signIn, stat } from "./helpers";

// The demo start made a vendor key pair in its data directory; this test plays the vendor.
async function issue(maxUsers: number): Promise<string> {
  const document = await signed(maxUsers);
  rememberSecret((JSON.parse(document) as { signature: string }).signature);
  return document;
}

async function signed(maxUsers: number) {
  const key = await readFile(path.join(process.env.E2E_DATA_DIR ?? ".data-e2e", DEMO_PRIVATE_KEY_FILE), "utf8");
  return signLicense(
    {
      licenseId: `E2E-${maxUsers}`,
      licensee: "Demo Company Ltd",
      siteId: "demo-site",
      maxUsers,
      maxExtranetUsers: 10,
      issuedAt: new Date().toISOString(),
      expiresAt: "2030-01-01T00:00:00.000Z",
    },
    key,
  );
}

async function paste(page: Page, text: string) {
  await page.getByLabel("…or paste the license text").fill(text);
  await page.getByRole("button", { name: "Check license" }).click();
}

test("a tampered license file is refused and changes nothing", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/license");
  const tampered = (await issue(80)).replace('"maxUsers": 80', '"maxUsers": 8000');
  await paste(page, tampered);
  await expect(page.getByTestId("license-preview")).toContainText("signature does not match");
  await expect(page.getByRole("button", { name: "Apply this license" })).toHaveCount(0);
  await paste(page, "{ not a license");
  await expect(page.getByTestId("license-preview")).toContainText("not valid JSON");
  await page.reload();
  await expect(page.locator('[data-field="Max_Users"]').first()).toHaveText("55");
});

test("a sysadmin applies a new license and the People statistics show the new limit", async ({ page }) => {
  await signIn(page, "sysadmin");
  await page.goto("/admin/system/license");
  // Upload the file, as a vendor would send it.
  await page
    .getByLabel("License file")
    .setInputFiles({ name: "license.json", mimeType: "application/json", buffer: Buffer.from(await issue(80)) });
  await page.getByRole("button", { name: "Check license" }).click();
  await expect(page.getByTestId("license-preview").locator('[data-field="Max_Users"]')).toContainText("55 → 80");
  await expectAccessible(page);
  await screenshot(page, "license-apply");
  await page.getByRole("button", { name: "Apply this license" }).click();
  await expect(page.getByTestId("license-preview")).toContainText("E2E-80 is now in force: Max_Users 80");
  await page.reload();
  await expect(page.locator('[data-field="Max_Users"]').first()).toHaveText("80");

  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  expect(await stat(page, "limit")).toBe(80);
  expect(await stat(page, "remaining")).toBe(80 - (await stat(page, "used")));
});

test("a People administrator raises a license request; with no destination configured it is kept and says so", async ({ page }) => {
  await signIn(page, "peopleadmin");
  await page.goto("/admin/people");
  await page.getByText("More licenses: request seats").click();
  await page.getByRole("button", { name: "Request more licenses…" }).click();
  const dialog = page.getByRole("dialog", { name: "Request more licenses" });
  await dialog.getByLabel("Additional seats").fill("0");
  await dialog.getByRole("button", { name: "Send request" }).click();
  await expect(dialog.locator("#request-seats-error")).toHaveText(/at least 1 seat/);
  await dialog.getByLabel("Additional seats").fill("25");
  await dialog.getByLabel("Reason").fill("A new office opens in March");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Send request" }).click();
  await expect(dialog.getByTestId("request-result")).toContainText("not sent anywhere yet");
  await dialog.getByRole("button", { name: "Close" }).click();
  await page.reload();
  await page.getByText("More licenses: request seats").click();
  await expect(page.getByTestId("license-requests")).toContainText("A new office opens in March");
  await expect(page.getByTestId("license-requests")).toContainText("not sent anywhere");
});
