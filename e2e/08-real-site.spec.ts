import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { sendPasswordLink } from "../lib/accounts/reset-password";
import { createPrismaClient } from "../lib/db/client";
import { signLicense } from "../lib/license-file/license-document";
import { changeOneTimePassword, expectAccessible, rememberSecret, screenshot, signIn } from "./helpers";

// A real site's first start, as the README walks it through, on a console that started empty
// (no demo data): site:init, the forced password change, an extranet area, an account in it, a
// People administrator appointed, who signs in and then out, and the copied cookie is refused.
test.describe.configure({ mode: "serial" });

const run = promisify(execFile);
const ADMIN_PASSWORD = "harbour violet engine tulip";
const PAT_ONE_TIME = "amber quiet harbour lamp";
const PAT_PASSWORD = "copper meadow signal ninety";
let dataDir: string;
let adminPage: Page;

test.beforeAll(async ({}, testInfo) => {
  dataDir = path.resolve(testInfo.project.metadata.dataDir as string);
});
test.afterAll(async () => adminPage?.context().close());

async function newPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

test("site:init on the empty console prints a one-time password that must be changed at the first sign-in", async ({ browser }) => {
  // The console plays the vendor's part with the demo key it made in its data folder.
  const privateKeyPem = await readFile(path.join(dataDir, "vendor-demo-private-key.pem"), "utf8");
  const dir = await mkdtemp(path.join(os.tmpdir(), "real-site-"));
  const licenseFile = path.join(dir, "license.json");
  const terms = {
    licenseId: "ACME-0001",
    licensee: "Acme Corporation",
    siteId: "acme",
    maxUsers: 20,
    maxExtranetUsers: 5,
    issuedAt: new Date(Date.now() - 60_000).toISOString(),
    expiresAt: null,
  };
  await writeFile(licenseFile, signLicense(terms, privateKeyPem));
  const { stdout } = await run(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "scripts/site-init.ts",
      "--license",
      licenseFile,
      "--username",
      "admin",
      "--email",
      "admin@acme.test",
      "--given-name",
      "Alex",
      "--family-name",
      "Admin",
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: "",
        SEATKEEPER_DATA_DIR: dataDir,
        SEATKEEPER_LICENSE_PUBLIC_KEY_FILE: path.join(dataDir, "vendor-demo-public-key.pem"),
      },
    },
  );
  expect(stdout).toMatch(/license ACME-0001 applied for site "acme"/);
  const oneTime = /one-time password \(shown once; it must be changed at the first sign-in\): (\S+)/.exec(stdout)![1];
  rememberSecret(oneTime, (JSON.parse(await readFile(licenseFile, "utf8")) as { signature: string }).signature);

  adminPage = await newPage(browser);
  await signIn(adminPage, "admin", oneTime);
  await expect(adminPage).toHaveURL(/\/account$/);
  await expect(adminPage.getByTestId("password-required")).toBeVisible();
  // Nothing else opens until the password is changed.
  await adminPage.goto("/admin/people");
  await expect(adminPage).toHaveURL(/\/account$/);
  await expectAccessible(adminPage);
  await screenshot(adminPage, "account-password-required");

  const form = adminPage.getByRole("region", { name: "Change your password" });
  await form.getByLabel("One-time password").fill(oneTime);
  await form.getByLabel("New password", { exact: true }).fill("password1234");
  await form.getByLabel("New password again").fill("password1234");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.locator("#own-newPassword-error")).toHaveText(/commonly used|too easy/);
  await form.getByLabel("One-time password").fill(oneTime);
  await form.getByLabel("New password", { exact: true }).fill(ADMIN_PASSWORD);
  await form.getByLabel("New password again").fill(ADMIN_PASSWORD);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(adminPage).toHaveURL(/\/\?password=changed$/);
  await expect(adminPage.getByRole("heading", { name: "Welcome, Alex Admin" })).toBeVisible();
});

test("the administrator creates the extranet area Partners", async () => {
  await adminPage.goto("/admin/people");
  await adminPage.getByRole("link", { name: "Areas…" }).click();
  await expect(adminPage.getByRole("heading", { name: "Admin › People › Areas" })).toBeVisible();
  const create = adminPage.getByRole("region", { name: "Create an extranet area" });
  await create.getByLabel("Name of the new extranet area").fill("Partners");
  await create.getByRole("button", { name: "Create extranet area" }).click();
  await expect(create.getByTestId("create-area-result")).toHaveText(/Extranet area "Partners" created/);
  await create.getByLabel("Name of the new extranet area").fill("partners");
  await create.getByRole("button", { name: "Create extranet area" }).click();
  await expect(create.locator("#area-name-error")).toHaveText(/already exists/);
  await expect(adminPage.locator('tr[data-area="Partners"]')).toContainText("Extranet");
  await expectAccessible(adminPage);
  await screenshot(adminPage, "areas");
});

test("creates an account in Partners and one in the primary area", async () => {
  await adminPage.goto("/admin/people");
  const form = adminPage.getByRole("region", { name: "Create an account" });
  const create = async (username: string, area: string, password?: string) => {
    await form.getByLabel("First name").fill(username === "pat" ? "Pat" : "Paula");
    await form.getByLabel("Last name").fill(username === "pat" ? "People" : "Partner");
    await form.getByLabel("User name").fill(username);
    await form.getByLabel("E-mail").fill(`${username}@acme.test`);
    await form.getByLabel("Area").selectOption({ label: area });
    if (password) await form.getByLabel("One-time password (optional)").fill(password);
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(form.getByTestId("create-result")).toHaveText(new RegExp(`Account ${username} created and active`));
  };
  await create("paula.partner", "Partners (extranet)");
  await create("pat", "Intranet (primary area)", PAT_ONE_TIME);
  await expect(adminPage.getByTestId("used-EXTRANET")).toHaveText("1");
  await expect(adminPage.getByTestId("used-PRIMARY")).toHaveText("2");
});

test("appoints Pat as People administrator on Pat's account page", async () => {
  await adminPage.goto("/admin/people?q=pat");
  await adminPage.locator('tr[data-username="pat"]').getByRole("link", { name: "Pat People" }).click();
  await expect(adminPage.getByRole("heading", { name: /Pat People/ })).toBeVisible();
  const roles = adminPage.getByRole("region", { name: "Roles" });
  await roles.getByLabel("People administrator (Admin › People)").check();
  await roles.getByRole("button", { name: "Save roles" }).click();
  await expect(roles.getByTestId("roles-result")).toHaveText(/Roles of pat saved/);
  await adminPage.reload();
  await expect(adminPage.getByTestId("roles")).toHaveText("People administrator");
  await expect(adminPage.getByRole("table").last()).toContainText("Roles changed");
  await expectAccessible(adminPage);
  await screenshot(adminPage, "account");
  await adminPage.goto("/admin/system/roles");
  await expect(adminPage.locator('tr[data-username="pat"]')).toContainText("Revoke People administrator");
  await expectAccessible(adminPage);
  await screenshot(adminPage, "roles");
});

test("Pat signs in and sees Admin › People; after signing out, a copy of Pat's cookie is refused", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, "pat", PAT_ONE_TIME);
  await changeOneTimePassword(page, PAT_ONE_TIME, PAT_PASSWORD);
  await page.getByRole("link", { name: "Admin › People" }).click();
  await expect(page.getByRole("heading", { name: "Admin › People" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Admin › System" })).toHaveCount(0);
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.includes("authjs.session-token"))).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  const replay = await browser.newContext();
  await replay.addCookies(copied);
  const replayed = await replay.newPage();
  await replayed.goto("/admin/people");
  await expect(replayed).toHaveURL(/\/login$/);
  const session = await replay.request.get("/api/auth/session");
  expect(await session.json()).toBeNull();
  const csv = await replay.request.get("/admin/people/export?columns=username");
  expect(csv.status()).toBe(401);
  await replay.close();
  await page.context().close();
});

test("signing out through /api/auth/signout ends the session on the server too", async ({ browser }) => {
  const page = await newPage(browser);
  await signIn(page, "pat", PAT_PASSWORD);
  const copied = await page.context().cookies();
  const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
  // Addressed by another name (as from another machine): Auth.js redirects to that address, not to
  // Next's own "localhost".
  const port = new URL(page.url()).port;
  const signedOut = await page.request.post("/api/auth/signout", {
    form: { csrfToken, callbackUrl: "/login" },
    headers: { host: `seats.example.test:${port}` },
    maxRedirects: 0,
  });
  expect(signedOut.status()).toBe(302);
  expect(signedOut.headers().location).toBe(`http://seats.example.test:${port}/login`);
  const replay = await browser.newContext();
  await replay.addCookies(copied);
  expect(await (await replay.request.get("/api/auth/session")).json()).toBeNull();
  const response = await replay.request.get("/admin/people", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(response.headers().location).toMatch(/\/login$/);
  await replay.close();
  await page.context().close();
});

test("My account and the set-password page are accessible; sign out everywhere ends every session", async ({ browser }) => {
  const other = await newPage(browser);
  await signIn(other, "admin", ADMIN_PASSWORD);
  await adminPage.goto("/account");
  await expect(adminPage.getByRole("region", { name: "Where you are signed in" }).getByRole("row")).toHaveCount(3);
  await expectAccessible(adminPage);
  await screenshot(adminPage, "my-account");
  await adminPage.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(adminPage).toHaveURL(/\/login$/);
  await other.goto("/admin/people");
  await expect(other).toHaveURL(/\/login$/);
  await other.context().close();

  await adminPage.goto("/set-password/spl_not-a-real-link");
  await expect(adminPage.getByText(/This link cannot be used/)).toBeVisible();
  await expectAccessible(adminPage);
});

test("a set-password link e-mailed by an administrator works once", async () => {
  // Queue the link the way the account page does (this console has no mail server: read the outbox).
  const db = createPrismaClient((await readFile(path.join(dataDir, "database-url"), "utf8")).trim(), { poolSize: 1 });
  try {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    const pat = await db.account.findUniqueOrThrow({ where: { username: "pat" } });
    await sendPasswordLink({ actor: { id: null, label: "e2e" }, accountId: pat.id, baseUrl: "http://unused.example" }, db);
    const mail = await db.mailOutbox.findFirstOrThrow({ where: { to: "pat@acme.test" }, orderBy: { createdAt: "desc" } });
    const token = /\/set-password\/(spl_[A-Za-z0-9_-]+)/.exec(mail.body)![1];
    rememberSecret(token, "lilac granite bicycle");
    await adminPage.goto(`/set-password/${token}`);
    await expect(adminPage.getByText("For pat.")).toBeVisible();
    await expectAccessible(adminPage);
    await screenshot(adminPage, "set-password");
    await adminPage.getByLabel("New password", { exact: true }).fill("lilac granite bicycle");
    await adminPage.getByLabel("New password again").fill("lilac granite bicycle");
    await adminPage.getByRole("button", { name: "Set password" }).click();
    await expect(adminPage).toHaveURL(/\/login\?password=set$/);
    await expect(adminPage.getByText("Your new password is set")).toBeVisible();
    await signIn(adminPage, "pat", "lilac granite bicycle");
    await adminPage.goto(`/set-password/${token}`);
    await expect(adminPage.getByText(/This link cannot be used/)).toBeVisible();
  } finally {
    delete process.env.SMTP_URL;
    await db.$disconnect();
  }
});

test("a stranger's wrong passwords lock strangers out, not Pat's own browser", async ({ browser }) => {
  const patsBrowser = await newPage(browser);
  await signIn(patsBrowser, "pat", "lilac granite bicycle");
  expect((await patsBrowser.context().cookies()).some((c) => c.name === "seatkeeper-device" && c.httpOnly)).toBe(true);
  await patsBrowser.getByRole("button", { name: "Sign out" }).click();

  const stranger = await newPage(browser);
  for (let i = 0; i < 5; i++) await signIn(stranger, "pat", `wrong guess ${i}`, { expectFailure: true });
  await signIn(stranger, "pat", "lilac granite bicycle", { expectFailure: true });
  await expect(stranger.locator("#login-error")).toHaveText(/Too many failed sign-in attempts/);

  await signIn(patsBrowser, "pat", "lilac granite bicycle");
  await expect(patsBrowser.getByRole("link", { name: "Admin › People" })).toBeVisible();
  await stranger.context().close();
  await patsBrowser.context().close();
});
