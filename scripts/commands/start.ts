// `npm start`: the console on its database. Without DATABASE_URL it starts the embedded
// PostgreSQL (data kept in .data/, git-ignored) and loads the demo data once; then it applies
// migrations and serves the built app (scripts/serve.ts). Ctrl-C / SIGTERM stop the console
// first (requests in flight finish), then the embedded PostgreSQL.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { assertPostgresUserCanReach } from "../../lib/db/embedded-postgres";
import { prepareDatabase } from "../../lib/db/prepare-database";
import { ensureDemoVendorKey } from "../../lib/license-file/vendor-key";
import { logger } from "../../lib/log/logger";
import { DEMO_PASSWORD, DEMO_SIGN_INS, realSiteId, seedDemoData } from "../../prisma/seed";

const require = createRequire(import.meta.url);
const log = (line: string) => logger.info(line);
const root = process.cwd();
// Already checked (scripts/run-command.ts): a wrong value stopped the command before this module loaded.
const { SEATKEEPER_DATA_DIR, PORT: port, HOST: host, DATABASE_URL, SEATKEEPER_DEMO_DATA } = config();
const dataDir = path.resolve(root, SEATKEEPER_DATA_DIR);
const nextBin = require.resolve("next/dist/bin/next");

async function authSecret(): Promise<string> {
  const configured = config().AUTH_SECRET;
  if (configured) return configured;
  // Generated on first start for the embedded default, kept beside the data, never committed.
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function main() {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755); // as root, the embedded PostgreSQL runs as `postgres` and must reach it
  // Said before a build that could take a minute: the embedded database could not run here anyway.
  // (Only the data folder: binaries the postgres user cannot reach are copied where it can.)
  if (!DATABASE_URL) assertPostgresUserCanReach(path.join(dataDir, "pg"), undefined, null);
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("no build found: running `next build` first");
    const build = spawn(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
    const code = await new Promise<number | null>((r) => build.on("exit", r));
    if (code !== 0) throw new Error("`next build` failed");
  }

  const database = await prepareDatabase({ dataDir, log });
  let seedDemo = SEATKEEPER_DEMO_DATA ?? database.embedded;
  const client = createPrismaClient(database.url, { poolSize: 2 });
  let realSite: string | null;
  try {
    realSite = await realSiteId(client);
    if (realSite && seedDemo) log(`this database holds the real site "${realSite}": no demo data loaded`);
    seedDemo &&= !realSite;
    if (seedDemo) {
      const { created } = await seedDemoData(client, { databaseUrl: database.url });
      log(created ? `demo data loaded (${created} accounts)` : "demo data already present");
    }
  } finally {
    await client.$disconnect();
  }

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: await authSecret() };
  const { SEATKEEPER_LICENSE_PUBLIC_KEY, SEATKEEPER_LICENSE_PUBLIC_KEY_FILE } = config();
  const vendorKeyConfigured = Boolean(SEATKEEPER_LICENSE_PUBLIC_KEY || SEATKEEPER_LICENSE_PUBLIC_KEY_FILE);
  if (database.embedded && !vendorKeyConfigured && !realSite) {
    // The demo (or a site still empty) plays the vendor too: a demo key pair made on first
    // start, kept beside the data. A real site's licenses come from its vendor's key only.
    const demoKey = await ensureDemoVendorKey(dataDir);
    env.SEATKEEPER_LICENSE_PUBLIC_KEY_FILE = demoKey.publicKeyFile;
    log(
      `demo vendor key: ${demoKey.privateKeyFile} (issue licenses with: npm run license:issue -- --key ${path.relative(root, demoKey.privateKeyFile)} --site demo-site ...)`,
    );
  } else if (!vendorKeyConfigured) {
    log("no vendor public key is configured (SEATKEEPER_LICENSE_PUBLIC_KEY_FILE): new licenses cannot be applied until it is set");
  }
  // Lets commands such as `npm run scim:token` reach the running embedded database.
  const urlFile = path.join(dataDir, "database-url");
  if (database.embedded) await writeFile(urlFile, `${database.url}\n`, { mode: 0o600 });
  // `node --import tsx`, not the tsx command: its signal relay SIGKILLs a child that is slow to
  // acknowledge a signal (a busy server), which would cut requests in flight.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "serve.ts")], {
    stdio: "inherit",
    env: { ...env, HOST: host, PORT: String(port), NODE_ENV: "production" },
  });
  let stopping = false;
  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    if (child.exitCode === null) child.kill(signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);

  log(`console: http://${host === "127.0.0.1" ? "localhost" : host}:${port}`);
  if (seedDemo) {
    log(`demo sign-ins (password "${DEMO_PASSWORD}"):`);
    for (const s of DEMO_SIGN_INS) log(`  ${s.username.padEnd(13)} ${s.role}`);
  }

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on("exit", (c, s) => r([c, s])));
  if (database.embedded) await rm(urlFile, { force: true });
  await database.stop();
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  // One sentence, no stack trace: start-up failures are for the person running the command.
  console.error(`[seatkeeper] start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
