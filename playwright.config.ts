import { defineConfig } from "@playwright/test";

// scripts/test.sh picks a free port and a fresh data directory; these fallbacks are for running
// `npx playwright test` by hand.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const DATA_DIR = process.env.E2E_DATA_DIR ?? ".data-e2e";

export default defineConfig({
  testDir: "e2e",
  // The specs share one console and its demo data, and some fill the pool: one at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
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
  webServer: {
    // The README's start command, on a fresh embedded database with the demo data.
    command: "npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${PORT}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: { PORT: String(PORT), HOST: "127.0.0.1", SEATKEEPER_DATA_DIR: DATA_DIR, NEXT_TELEMETRY_DISABLED: "1", SMTP_URL: process.env.E2E_SMTP_URL ?? "" },
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
