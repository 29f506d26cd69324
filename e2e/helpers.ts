import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "seatkeeper-demo";

/** Every secret the run uses is noted here; e2e/99-logs.spec.ts checks none reached a log. */
export const SECRETS_FILE = process.env.E2E_SECRETS_FILE ?? path.resolve("test-results", "e2e-secrets.txt");
export function rememberSecret(...values: (string | null | undefined)[]) {
  mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
  for (const value of values) if (value) appendFileSync(SECRETS_FILE, `${value}\n`);
}
export const SCREENSHOT_DIR = path.resolve("screenshots");

/** Signs in; unless the attempt is meant to fail, waits until the console has let us in. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, options: { expectFailure?: boolean } = {}) {
  // Sign whoever was signed in out first (keeping the device cookie: it says this browser signed in before).
  await page.context().clearCookies({ name: /authjs/ });
  await page.goto("/login");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  rememberSecret(password);
  if (options.expectFailure) return;
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  rememberSecret(...(await page.context().cookies()).filter((c) => /authjs|seatkeeper-device/.test(c.name)).map((c) => c.value));
}

/** After signing in with a one-time password: My account asks for a new one, which is given. */
export async function changeOneTimePassword(page: Page, oneTime: string, newPassword: string) {
  await expect(page).toHaveURL(/\/account$/);
  const form = page.getByRole("region", { name: "Change your password" });
  await form.getByLabel("One-time password").fill(oneTime);
  await form.getByLabel("New password", { exact: true }).fill(newPassword);
  await form.getByLabel("New password again").fill(newPassword);
  await form.getByRole("button", { name: "Change password" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  rememberSecret(newPassword);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** No serious or critical accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

export async function stat(page: Page, what: "limit" | "used" | "remaining" | "blocked", pool: "PRIMARY" | "EXTRANET" = "PRIMARY") {
  return Number.parseInt((await page.getByTestId(`${what}-${pool}`).innerText()).trim(), 10);
}
