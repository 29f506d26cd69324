import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { withCommandDatabase } from "../lib/db/command-database";
import { findFreePort } from "../lib/db/embedded-postgres";
import { createPrismaClient } from "../lib/db/client";
import { seatCountersAgainstRealCounts } from "../test/reconcile";
import { DEMO_PASSWORD, signIn } from "./helpers";

// Stopping the console (SIGTERM, as a service manager does) while a CSV export streams and a bulk
// block runs: both finish, nothing is half-written, the seat counters stay exact, and the embedded
// PostgreSQL is stopped cleanly. A console of its own, so the shared one keeps running.
test.describe.configure({ mode: "serial", timeout: 180_000 });

let console_: ChildProcess;
let output = "";
let dataDir: string;
let baseURL: string;

async function databaseUrl() {
  return (await readFile(path.join(dataDir, "database-url"), "utf8")).trim();
}

test.beforeAll(async () => {
  // A console of its own (demo seed with its history) and 20,000 accounts: slow on a busy machine.
  test.setTimeout(240_000);
  dataDir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-shutdown-"));
  await chmod(dataDir, 0o755);
  const port = await findFreePort();
  baseURL = `http://127.0.0.1:${port}`;
  console_ = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEATKEEPER_DATA_DIR: dataDir,
      SHUTDOWN_GRACE_SECONDS: "60",
      SMTP_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  console_.stdout!.on("data", (d) => (output += d));
  console_.stderr!.on("data", (d) => (output += d));
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${baseURL}/login`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // Enough people for an export that takes a while to read, and a full page to block at once.
  const db = createPrismaClient(await databaseUrl(), { poolSize: 2 });
  try {
    const area = await db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } });
    await db.account.createMany({
      data: Array.from({ length: 20_000 }, (_, i) => ({
        username: `shutdown${String(i).padStart(5, "0")}`,
        email: `shutdown${i}@example.test`,
        givenName: "Shut",
        familyName: `Down ${i}`,
        areaId: area.id,
        state: "BLOCKED" as const,
        blockedReason: "ADMIN" as const,
        source: "IMPORT" as const,
      })),
    });
  } finally {
    await db.$disconnect();
  }
});

test.afterAll(async () => {
  // If the test stopped early, stop the console as a service manager would, so nothing is left running.
  if (console_.exitCode !== null) return;
  console_.kill("SIGTERM");
  const exited = await Promise.race([
    new Promise((r) => console_.on("exit", () => r(true))),
    new Promise((r) => setTimeout(() => r(false), 40_000)),
  ]);
  if (!exited) console_.kill("SIGKILL");
});

test("SIGTERM during a CSV export and a bulk block: both finish, counters exact, PostgreSQL stopped", async ({ browser }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, "peopleadmin", DEMO_PASSWORD);

  // The bulk block: a full page of active people, selected and blocked in one action.
  await page.goto("/admin/people?state=active&size=50");
  const victims = await page
    .locator("tbody tr[data-state=ACTIVE]")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-username")!));
  expect(victims.length).toBeGreaterThan(40);
  await page.getByRole("checkbox", { name: "Select all people on this page" }).check();
  // peopleadmin's own row has no checkbox action; the action refuses it per account.

  // The export: streamed, read slowly, so it is still in flight when the signal comes.
  const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  // Several megabytes, more than the socket buffers hold: the server is still sending at the signal.
  const columns =
    "columns=username&columns=email&columns=givenName&columns=familyName&columns=area&columns=state&columns=created&columns=source";
  const exportResponse = await fetch(`${baseURL}/admin/people/export?${columns}&scope=all`, { headers: { cookie: cookies } });
  expect(exportResponse.status).toBe(200);
  const reader = exportResponse.body!.getReader();
  const first = await reader.read();

  // The signal must come while the action runs: wait until the browser has posted it (on a busy
  // machine the click can take longer than the pause below), then give it time to arrive.
  const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/admin/people");
  const blocked = page.getByRole("button", { name: "Block selected", exact: true }).click();
  await posted;
  await new Promise((r) => setTimeout(r, 150)); // the action is running
  console_.kill("SIGTERM");

  let text = new TextDecoder().decode(first.value);
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await blocked;
  await expect(page.getByTestId("bulk-result")).toContainText("blocked", { timeout: 60_000 });
  await context.close();

  const code = await new Promise<number | null>((resolve) =>
    console_.exitCode !== null ? resolve(console_.exitCode) : console_.on("exit", resolve),
  );
  expect(code, output).toBe(0);
  expect(output).toMatch(/"msg":"stopping: no new connections, waiting for requests in flight"/);
  expect(output).toMatch(/"msg":"stopped"/);

  // The whole file arrived: every account, each line whole.
  const lines = text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(lines[0]).toBe("Username,First name,Last name,E-mail,Area,Account state,Created,Source");
  expect(lines.length - 1).toBeGreaterThan(20_000);
  expect(lines.every((line) => line.split(",").length === 8)).toBe(true);
  expect(new Set(lines.slice(1).map((line) => line.split(",")[0])).size).toBe(lines.length - 1);

  // The embedded PostgreSQL was stopped (its pid file is gone), and on a fresh start the data says
  // the block ran to the end for every account it reached, with the counters exact.
  await expect
    .poll(async () =>
      readFile(path.join(dataDir, "pg", "postmaster.pid")).then(
        () => true,
        () => false,
      ),
    )
    .toBe(false);
  const savedDataDir = process.env.SEATKEEPER_DATA_DIR;
  process.env.SEATKEEPER_DATA_DIR = dataDir;
  const { counters, states } = await withCommandDatabase(async (db) => ({
    counters: await seatCountersAgainstRealCounts(db),
    states: await db.account.findMany({ where: { username: { in: victims } }, select: { username: true, state: true, isSysadmin: true } }),
  })).finally(() => {
    if (savedDataDir === undefined) delete process.env.SEATKEEPER_DATA_DIR;
    else process.env.SEATKEEPER_DATA_DIR = savedDataDir;
  });
  for (const row of counters) expect(row.counter, row.pool).toBe(row.real);
  // Everyone the action could block is blocked: it ran to the end. Only the administrator's own
  // account and the sysadmin's (refused to a People administrator) stay active.
  const stillActive = states.filter((s) => s.state === "ACTIVE");
  expect(
    stillActive.every((s) => s.username === "peopleadmin" || s.isSysadmin),
    JSON.stringify(stillActive),
  ).toBe(true);
});
