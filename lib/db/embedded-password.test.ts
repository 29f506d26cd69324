import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { initialiseCluster, passwordFileOf, readDatabasePassword, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

// Each embedded database has its own password, kept beside its data (mode 600), and nothing that
// holds it is left in the system's temp folder, whether initdb works or not.

const run = promisify(execFile);
let root: string;
const servers: EmbeddedDatabase[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-pw-"));
  await chmod(root, 0o755);
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await rm(root, { recursive: true, force: true });
});

/** Files in the temp folder that name or hold a database password, apart from those before. */
function passwordFilesInTmp(before: Set<string>, passwords: string[]): string[] {
  return readdirSync(os.tmpdir())
    .filter((name) => !before.has(name))
    .filter((name) => {
      const full = path.join(os.tmpdir(), name);
      if (name.startsWith("pg-password-")) return true;
      const stats = statSync(full, { throwIfNoEntry: false });
      if (!stats?.isFile() || stats.size > 1_000_000) return false;
      const text = readFileSync(full, "utf8");
      return passwords.some((p) => text.includes(p));
    });
}

const canConnect = (port: number, password: string) => {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "seatkeeper", password, database: "postgres" });
  return client.connect().then(
    async () => {
      await client.end();
      return true;
    },
    () => false,
  );
};

it("a fresh database gets its own password, kept mode 600 beside the data; the old fixed one is refused; /tmp stays clean", async () => {
  const before = new Set(readdirSync(os.tmpdir()));
  const first = await startEmbeddedPostgres({ dataDir: path.join(root, "one", "pg") });
  servers.push(first);
  const second = await startEmbeddedPostgres({ dataDir: path.join(root, "two", "pg") });
  servers.push(second);
  const [p1, p2] = [await readDatabasePassword(path.join(root, "one", "pg")), await readDatabasePassword(path.join(root, "two", "pg"))];
  expect(p1).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(p2).not.toBe(p1);
  expect(statSync(passwordFileOf(path.join(root, "one", "pg"))).mode & 0o777).toBe(0o600);
  expect(await canConnect(first.port, p1!)).toBe(true);
  expect(await canConnect(first.port, "seatkeeper")).toBe(false);
  expect(await canConnect(first.port, p2!)).toBe(false);
  expect(passwordFilesInTmp(before, [p1!, p2!])).toEqual([]);
  // Nothing of initdb's is left beside the data either.
  expect(readdirSync(path.join(root, "one")).sort()).toEqual(["pg", "pg-password"]);
});

it("a first start whose initdb fails says why and leaves no password file behind in /tmp or beside the data", async () => {
  const before = new Set(readdirSync(os.tmpdir()));
  const dataDir = path.join(root, "broken", "pg");
  const failure = await startEmbeddedPostgres({ dataDir, extraInitdbArgs: ["--no-such-initdb-option"] }).catch((e: Error) => e);
  expect(failure).toBeInstanceOf(Error);
  expect((failure as Error).message).toMatch(/initdb failed/);
  const password = (await readDatabasePassword(dataDir))!;
  expect(passwordFilesInTmp(before, [password])).toEqual([]);
  expect(readdirSync(path.join(root, "broken")).filter((n) => n.startsWith(".initdb-"))).toEqual([]);
});

it("a data folder from before (the fixed password) still starts, and its password is changed", async () => {
  const dataDir = path.join(root, "legacy", "pg");
  // What every embedded database used to be: user seatkeeper, the fixed password, no password file.
  await initialiseCluster(dataDir, "seatkeeper");
  expect(existsSync(passwordFileOf(dataDir))).toBe(false);
  const server = await startEmbeddedPostgres({ dataDir });
  servers.push(server);
  const password = await readDatabasePassword(dataDir);
  expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(await canConnect(server.port, password!)).toBe(true);
  expect(await canConnect(server.port, "seatkeeper")).toBe(false);
});

it("the commands that reach the embedded database still do (scim:token, db:migrate)", async () => {
  const dataDir = path.join(root, "commands");
  const env = { ...process.env, DATABASE_URL: "", SEATKEEPER_DATA_DIR: dataDir };
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const migrated = await run(process.execPath, [tsx, "scripts/db-migrate.ts"], { env });
  expect(migrated.stdout + migrated.stderr).toMatch(/migrat/i);
  const token = await run(process.execPath, [tsx, "scripts/scim-token.ts", "--name", "Okta"], { env });
  expect(token.stdout).toMatch(/skt_[A-Za-z0-9_-]{20,}/);
  expect(statSync(path.join(dataDir, "pg-password")).mode & 0o777).toBe(0o600);
}, 120_000);
