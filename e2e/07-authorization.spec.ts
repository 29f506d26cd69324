import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { changeOneTimePassword, signIn } from "./helpers";

// Who may open what: every page, the export route and the SCIM endpoint, for each kind of caller.
test.describe.configure({ mode: "serial" });

type Who = "signed out" | "ordinary user" | "blocked user" | "People administrator" | "sysadmin";
const stamp = Date.now().toString(36);
const PASSWORD = "matrix-password-1";
const CHANGED_PASSWORD = "matrix-password-changed-2";
const contexts = new Map<Who, BrowserContext>();

const PEOPLE_PAGES = ["/admin/people", "/admin/people/import", "/admin/people/areas"];
const SYSTEM_PAGES = [
  "/admin/system/license",
  "/admin/system/settings",
  "/admin/system/directory",
  "/admin/system/roles",
  "/admin/system/audit-log",
];
// The true-up report and the inactivity policies are for either administrator: license compliance is both their business.
const ADMIN_PAGES = ["/admin/people/true-up", "/admin/people/inactive"];
// What each caller gets: "ok" (200), "login" (sent to sign-in), or "forbidden" (403).
const expected: Record<
  Who,
  { people: string; system: string; admin: string; exportStatus: number; trueUpStatus: number; auditCsvStatus: number }
> = {
  "signed out": { people: "login", system: "login", admin: "login", exportStatus: 401, trueUpStatus: 401, auditCsvStatus: 401 },
  "ordinary user": {
    people: "forbidden",
    system: "forbidden",
    admin: "forbidden",
    exportStatus: 403,
    trueUpStatus: 403,
    auditCsvStatus: 403,
  },
  "blocked user": { people: "login", system: "login", admin: "login", exportStatus: 401, trueUpStatus: 401, auditCsvStatus: 401 },
  "People administrator": { people: "ok", system: "forbidden", admin: "ok", exportStatus: 200, trueUpStatus: 200, auditCsvStatus: 403 },
  sysadmin: { people: "forbidden", system: "ok", admin: "ok", exportStatus: 403, trueUpStatus: 200, auditCsvStatus: 200 },
};

async function contextFor(browser: Browser, username?: string) {
  const context = await browser.newContext();
  if (!username) return context;
  const page = await context.newPage();
  await signIn(page, username, username.startsWith("matrix") ? PASSWORD : undefined);
  // Accounts made in the console get a one-time password: the first sign-in replaces it.
  if (username.startsWith("matrix")) await changeOneTimePassword(page, PASSWORD, CHANGED_PASSWORD);
  return context;
}

test.beforeAll(async ({ browser }) => {
  // Two accounts of our own with passwords: an ordinary user, and one that will be blocked.
  const admin = await contextFor(browser, "peopleadmin");
  const page = await admin.newPage();
  for (const name of ["user", "blocked"]) {
    await page.goto("/admin/people");
    const form = page.getByRole("region", { name: "Create an account" });
    await form.getByLabel("First name").fill("Matrix");
    await form.getByLabel("Last name").fill(name);
    await form.getByLabel("User name").fill(`matrix.${name}.${stamp}`);
    await form.getByLabel("E-mail").fill(`matrix.${name}.${stamp}@example.test`);
    await form.getByLabel("One-time password (optional)").fill(PASSWORD);
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(form.getByTestId("create-result")).toHaveText(/created and active/);
  }
  contexts.set("signed out", await contextFor(browser));
  contexts.set("ordinary user", await contextFor(browser, `matrix.user.${stamp}`));
  contexts.set("blocked user", await contextFor(browser, `matrix.blocked.${stamp}`));
  contexts.set("People administrator", admin);
  contexts.set("sysadmin", await contextFor(browser, "sysadmin"));
  // Block the second one now: its open session must stop working.
  await page.goto(`/admin/people?q=matrix.blocked.${stamp}`);
  await page.getByRole("button", { name: `Block matrix.blocked.${stamp}`, exact: true }).click();
  await expect(page.getByTestId("bulk-result")).toContainText("1 blocked");
});

test.afterAll(async () => {
  for (const context of contexts.values()) await context.close();
});

for (const who of Object.keys(expected) as Who[]) {
  test(`${who}: pages, export route and SCIM`, async () => {
    const context = contexts.get(who)!;
    const page = await context.newPage();
    for (const [pages, outcome] of [
      [PEOPLE_PAGES, expected[who].people],
      [SYSTEM_PAGES, expected[who].system],
      [ADMIN_PAGES, expected[who].admin],
    ] as const) {
      for (const path of pages) {
        const response = await page.goto(path);
        if (outcome === "login") expect(page.url(), path).toMatch(/\/login$/);
        if (outcome === "forbidden") expect(response?.status(), path).toBe(403);
        if (outcome === "ok") {
          expect(response?.status(), path).toBe(200);
          expect(page.url(), path).toMatch(new RegExp(`${path}$`));
        }
      }
    }
    const csv = await context.request.get("/admin/people/export?columns=username&scope=all");
    expect(csv.status()).toBe(expected[who].exportStatus);
    expect((await context.request.get("/admin/people/true-up/csv")).status()).toBe(expected[who].trueUpStatus);
    expect((await context.request.get("/admin/system/audit-log/export?action=account.create")).status()).toBe(expected[who].auditCsvStatus);
    // A console session is not a SCIM credential.
    const scim = await context.request.get("/scim/v2/Users");
    expect(scim.status()).toBe(401);
    await page.close();
  });
}

test("responses carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  // Scripts run by a fresh nonce per response, never 'unsafe-inline'.
  const scripts = /script-src ([^;]*)/.exec(headers["content-security-policy"])![1];
  expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scripts).not.toContain("unsafe-inline");
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toBe(headers["content-security-policy"]);
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("a server action posted from a foreign origin is refused; the same post from the site signs in", async ({ browser, baseURL }) => {
  // The sign-in form as the page renders it, with the hidden fields that name its server action.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  const hidden = await page
    .locator("form input[type=hidden]")
    .evaluateAll((inputs) => inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value] as const));
  expect(hidden.length).toBeGreaterThan(0);
  const post = (origin: string) =>
    context.request.post("/login", {
      headers: { origin },
      multipart: Object.fromEntries([...hidden, ["username", "sysadmin"], ["password", "seatkeeper-demo"]]),
      maxRedirects: 0,
    });
  const foreign = await post("https://evil.example");
  expect(foreign.status()).toBe(403);
  expect(await foreign.text()).toMatch(/came from another site/);
  expect((await context.cookies()).some((c) => c.name.includes("session-token"))).toBe(false);
  await post(baseURL!);
  expect((await context.cookies()).some((c) => c.name.includes("session-token"))).toBe(true);
  await context.close();
});

test("repeated wrong passwords lock the account's sign-in for a while", async ({ page }) => {
  for (let i = 0; i < 5; i++) await signIn(page, `matrix.user.${stamp}`, "wrong password", { expectFailure: true });
  await signIn(page, `matrix.user.${stamp}`, PASSWORD, { expectFailure: true });
  await expect(page.locator("#login-error")).toHaveText(/Too many failed sign-in attempts. Try again in \d+ minutes?/);
});

test("bad input to the export route and the People URL gets a clear 4xx or notice, never a 500", async () => {
  const context = contexts.get("People administrator")!;
  for (const [query, message] of [
    ["columns=password", /Unknown column/],
    ["", /Pick at least one column/],
    ["columns=username&scope=some", /Scope must be filter or all/],
    [`columns=username&q=${"x".repeat(500)}`, /at most 100 characters/],
    ["columns=username&area=not-an-area", /Unknown area/],
    ["columns=username&q=a%00b", /control characters/],
  ] as const) {
    const response = await context.request.get(`/admin/people/export?${query}`);
    expect(response.status(), query).toBe(400);
    expect(await response.text(), query).toMatch(message);
  }
  const page = await context.newPage();
  const response = await page.goto("/admin/people?page=-3&size=7&state=asleep&sort=password");
  expect(response?.status()).toBe(200);
  await expect(page.getByText("Some parts of this link were not understood")).toBeVisible();
  await expect(page.getByText(/Ignored state="asleep"/)).toBeVisible();
  const nul = await page.goto("/admin/people?q=a%00b");
  expect(nul?.status()).toBe(200);
  await expect(page.getByText(/Ignored q=.*control characters/)).toBeVisible();
  await page.close();
  // A server-action post larger than actions accept (an import file of 7 MB) gets a 413 and a sentence.
  const huge = await context.request.post("/admin/people/import", {
    headers: { "next-action": "0".repeat(40), "content-type": "text/plain;charset=UTF-8" },
    data: "x".repeat(7 * 1024 * 1024),
  });
  expect(huge.status()).toBe(413);
  expect(await huge.text()).toMatch(/too large .* at most 6 MB/);
});
