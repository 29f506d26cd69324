import path from "node:path";
import { defineConfig } from "@playwright/test";
// The specs import lib modules marked server-only (lib/db/client, lib/license-file…): let them load
// here, in plain Node, as scripts/run-command.ts does for the commands.
import "./scripts/register-server-only.mjs";

// scripts/test.sh picks free ports and fresh data directories; these fallbacks are for running
// `npx playwright test` by hand.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".data-e2e";
// A second console that starts empty (no demo data): a real site's first start, walked through.
const REAL_PORT = Number(process.env.E2E_REAL_PORT ?? 3211);
const REAL_DATA_DIR = process.env.E2E_REAL_DATA_DIR ?? ".data-e2e-real";

// Each console's log goes to a file in its data folder, read at the end by e2e/99-logs.spec.ts.
const logFile = (dataDir: string) => path.resolve(dataDir, "console.log");
process.env.E2E_LOG_FILES = [logFile(DATA_DIR), logFile(REAL_DATA_DIR)].join(",");

const server = (port: number, dataDir: string, env: Record<string, string>) => ({
  // The README's start command.
  command: `mkdir -p "${dataDir}" && exec node --import tsx scripts/start.ts >> "${logFile(dataDir)}" 2>&1`,
  url: `http://127.0.0.1:${port}/login`,
  timeout: 180_000,
  reuseExistingServer: false,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  env: {
    PORT: String(port),
    HOST: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    SMTP_URL: process.env.E2E_SMTP_URL ?? "",
    SEATKEEPER_DATA_DIR: dataDir,
    ...env,
  },
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
});

export default defineConfig({
  testDir: "e2e",
  // The specs share one console and its demo data, and some fill the pool: one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    acceptDownloads: true,
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "demo", testIgnore: /real-site|99-logs/, use: { baseURL: `http://127.0.0.1:${PORT}` } },
    {
      name: "real-site",
      testMatch: /real-site\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${REAL_PORT}` },
      metadata: { dataDir: REAL_DATA_DIR },
    },
    // Last: the logs both consoles wrote during the run.
    { name: "logs", testMatch: /99-logs\.spec\.ts/, dependencies: ["demo", "real-site"] },
  ],
  webServer: [server(PORT, DATA_DIR, {}), server(REAL_PORT, REAL_DATA_DIR, { SEATKEEPER_DEMO_DATA: "0" })],
});
