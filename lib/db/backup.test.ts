import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync, gzipSync } from "node:zlib";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase, createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { SEED_ACTOR, blockAccount, bulkCreateAccounts, createAccount, recordAuditEvent } from "../licensing";
import { verifyAuditChain } from "../audit/verify-chain";
import { createScimToken } from "../scim/tokens";
import { BackupError, RestoreError, backupDatabase, readBackupHeader, restoreDatabase, type BackupSummary } from "./backup";
import { createPrismaClient } from "./client";
import { defaultFolders } from "./migrations";

// db:backup / db:restore: one consistent snapshot taken while the console writes, restored
// table for table into an empty database in one transaction; every refusal writes nothing.

const run = promisify(execFile);
let source: TestDatabase;
let dir: string;
let backupFile: string;
let summary: BackupSummary;
/** Every table's rows as of the backup's snapshot, read through the snapshot it exported. */
let snapshot: Record<string, string[]>;
let writtenDuringBackup = 0;

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every public table's rows as COPY text lines, sorted (row order is not part of a table). */
async function dumpTables(client: pg.Client): Promise<Record<string, string[]>> {
  await client.query("SET DateStyle = ISO; SET TimeZone = 'UTC'; SET extra_float_digits = 3");
  const { rows } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`,
  );
  const out: Record<string, string[]> = {};
  for (const { name } of rows) {
    let text = "";
    for await (const chunk of client.query(copyTo(`COPY (SELECT * FROM "public"."${name}") TO STDOUT`)) as AsyncIterable<Buffer>)
      text += chunk.toString("utf8");
    out[name] = text.split("\n").filter(Boolean).sort();
  }
  return out;
}

const dump = (url: string) => withClient(url, dumpTables);
const publicTables = (url: string) =>
  withClient(url, async (c) =>
    Number(
      (await c.query(`SELECT count(*) AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')`)).rows[0].n,
    ),
  );

/** Rewrites a backup's decompressed text (to make damaged, foreign or future files from a real one). */
async function rewrite(file: string, name: string, change: (text: string) => string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, gzipSync(change(gunzipSync(await readFile(file)).toString("utf8"))));
  return target;
}

async function expectRefused(file: string, code: RestoreError["code"], message: RegExp) {
  const target = await createEmptyDatabase();
  const error = await restoreDatabase({ url: target.url, file }).catch((e) => e);
  expect(error).toBeInstanceOf(RestoreError);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.message).toMatch(/Nothing was written\.$/);
  expect(await publicTables(target.url)).toBe(0);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-backup-"));
  source = await createTestDatabase();
  const db = source.db;
  const { intranet, partners } = await createSite(db, { maxUsers: 10_000, maxExtranetUsers: 20 });
  const lab = await db.area.create({ data: { name: "Zürich \\ Lab", nameKey: "zürich \\ lab", pool: "EXTRANET" } });
  const people = [];
  for (let i = 0; i < 12; i++) {
    const areaId = [intranet.id, partners.id, lab.id][i % 3];
    people.push(await createAccount({ actor: SEED_ACTOR, source: "FORM", account: person(areaId) }, db));
  }
  for (const account of people.slice(0, 3)) await blockAccount({ actor: SEED_ACTOR, accountId: account.id }, db);
  // Volume, so that the numbers reported for a backup mean something.
  await bulkCreateAccounts(
    { actor: SEED_ACTOR, source: "IMPORT", accounts: Array.from({ length: 3000 }, () => ({ ...person(intranet.id), active: true })) },
    db,
  );
  await db.auditEvent.createMany({
    data: Array.from({ length: 5000 }, (_, i) => ({
      actorLabel: "seed",
      action: "account.update",
      outcome: "SUCCESS" as const,
      detail: `bulk ${i}`,
    })),
  });
  await recordAuditEvent(db, {
    actor: SEED_ACTOR,
    action: "settings.change",
    before: { note: "tab\there" },
    after: { note: 'line\nbreak \\ and "quotes" é 🎉' },
    detail: "a\\.b",
  });
  await recordAuditEvent(db, {
    actor: SEED_ACTOR,
    action: "account.block",
    outcome: "REFUSED",
    account: { id: null, username: "nobody" },
    pool: "PRIMARY",
  });
  // Ended already: an open one would come back ended (see the last test), and this compares rows as they were.
  await db.session.create({
    data: {
      accountId: people[4].id,
      expiresAt: new Date(Date.now() + 3600_000),
      userAgent: "Mozilla/5.0 (X11)",
      endedAt: new Date(),
      endedWhy: "signed out",
    },
  });
  // A value with a line that reads `\.`, COPY's own end marker, must come back intact.
  await db.mailOutbox.create({ data: { to: "ops@example.test", subject: "Pool full", body: "first line\n\\.\nlast line\twith a tab" } });
  await createScimToken({ actor: SEED_ACTOR, name: "Okta" }, db);
  await db.signInThrottle.create({ data: { key: "user:x", windowStart: new Date(), failures: 2 } });

  // The backup runs while another "app process" keeps creating accounts.
  const writer = source.newClient(4);
  let writing = true;
  const writes = (async () => {
    while (writing) {
      await createAccount({ actor: SEED_ACTOR, source: "FORM", account: person(intranet.id) }, writer);
      writtenDuringBackup++;
    }
  })();
  backupFile = path.join(dir, "site.backup.gz");
  try {
    summary = await backupDatabase({
      url: source.url,
      out: backupFile,
      onSnapshot: async (snapshotId) => {
        snapshot = await withClient(source.url, async (c) => {
          await c.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
          await c.query(`SET TRANSACTION SNAPSHOT '${snapshotId}'`);
          return dumpTables(c);
        });
        // Make sure accounts are committed after the snapshot and before any table is copied.
        const target = writtenDuringBackup + 5;
        while (writtenDuringBackup < target) await new Promise((r) => setTimeout(r, 5));
      },
    });
  } finally {
    writing = false;
    await writes;
  }
  console.log(
    `backup of the test database: ${summary.tables} tables, ${summary.rows} rows, ${summary.bytes} bytes in ${summary.seconds.toFixed(3)} s (${writtenDuringBackup} accounts created meanwhile)`,
  );
}, 120_000);

afterAll(async () => {
  await source?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a backup taken while accounts are being created", () => {
  let target: { url: string };
  beforeAll(async () => {
    target = await createEmptyDatabase();
  });

  it("is one file, readable only by its owner, with no partial file left", async () => {
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${backupFile}.partial`)).toBe(false);
    const header = await readBackupHeader(backupFile);
    expect(header).toMatchObject({ format: "seatkeeper-backup", version: 1, encoding: "UTF8" });
    expect(header.migrations).toEqual(snapshot._prisma_migrations.map((l) => l.split("\t")[3]).sort());
    expect(header.tables.map((t) => t.name).sort()).toEqual(Object.keys(snapshot).sort());
    for (const table of header.tables) expect(table.rows, table.name).toBe(snapshot[table.name].length);
    // Referenced tables come first.
    const order = header.tables.map((t) => t.name);
    expect(order.indexOf("Area")).toBeLessThan(order.indexOf("Account"));
    expect(order.indexOf("Account")).toBeLessThan(order.indexOf("Session"));
  });

  it("restores into an empty database exactly the rows of its snapshot, in every table", async () => {
    expect(writtenDuringBackup).toBeGreaterThanOrEqual(5);
    const restored = await restoreDatabase({ url: target.url, file: backupFile });
    expect(restored).toMatchObject({ tables: summary.tables, rows: summary.rows, newerMigrations: [] });
    const after = await dump(target.url);
    expect(Object.keys(after).sort()).toEqual(Object.keys(snapshot).sort());
    for (const table of Object.keys(snapshot)) expect(after[table], table).toEqual(snapshot[table]);
    // The accounts written during the backup are in the source, not in the backup.
    const sourceAccounts = await source.db.account.count();
    expect(sourceAccounts).toBeGreaterThanOrEqual(snapshot.Account.length + writtenDuringBackup);
  });

  it("is one consistent snapshot: each pool's activeCount equals its ACTIVE accounts", async () => {
    const db = createPrismaClient(target.url, { poolSize: 1 });
    try {
      for (const pool of ["PRIMARY", "EXTRANET"] as const) {
        const seatPool = await db.seatPool.findUniqueOrThrow({ where: { pool } });
        expect(seatPool.activeCount, pool).toBe(await db.account.count({ where: { state: "ACTIVE", area: { pool } } }));
      }
      expect(await db.account.count({ where: { state: "BLOCKED" } })).toBe(3);
    } finally {
      await db.$disconnect();
    }
  });

  it("leaves sequences that continue above the restored ids", async () => {
    const db = createPrismaClient(target.url, { poolSize: 1 });
    try {
      const restoredMax = (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id!;
      await recordAuditEvent(db, { actor: SEED_ACTOR, action: "settings.change", detail: "after the restore" });
      const created = await db.auditEvent.findFirstOrThrow({ where: { detail: "after the restore" } });
      expect(created.id > restoredMax).toBe(true);
      // Nor below what the source had handed out when the backup read its sequence.
      const header = await readBackupHeader(backupFile);
      expect(created.id > BigInt(header.sequences.find((s) => s.table === "AuditEvent")!.lastValue)).toBe(true);
      // The restore loaded the audit chain as it was (not re-hashed), and new events continue it.
      expect(await verifyAuditChain({}, db)).toMatchObject({ ok: true, count: await db.auditEvent.count() });
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses a database that is no longer empty, and writes nothing", async () => {
    const before = await dump(target.url);
    const error = await restoreDatabase({ url: target.url, file: backupFile }).catch((e) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect(error.code).toBe("NOT_EMPTY");
    expect(error.message).toMatch(
      /^The target database is not empty: tables "Account", .* have rows\. db:restore only writes into an empty database: one with no table in its public schema, or one holding only the tables of Seatkeeper migrations that the backup also has, with no row in any of them .*Nothing was written\.$/,
    );
    expect(await dump(target.url)).toEqual(before);
  });
});

it("refuses the source database itself (it has rows) and changes nothing in it", async () => {
  const before = await dump(source.url);
  const error = await restoreDatabase({ url: source.url, file: backupFile }).catch((e) => e);
  expect(error.code).toBe("NOT_EMPTY");
  expect(await dump(source.url)).toEqual(before);
});

it("restores into a migrated database that has no rows yet (a console started once on it)", async () => {
  const migrated = await createTestDatabase();
  try {
    const restored = await restoreDatabase({ url: migrated.url, file: backupFile });
    expect(restored.rows).toBe(summary.rows);
    const after = await dump(migrated.url);
    for (const table of Object.keys(snapshot)) expect(after[table], table).toEqual(snapshot[table]);
  } finally {
    await migrated.close();
  }
});

it("applies the migrations the backup recorded, then the newer ones the checkout has", async () => {
  const checkout = path.join(dir, "checkout");
  await cp(path.resolve("prisma"), path.join(checkout, "prisma"), { recursive: true });
  const folders = defaultFolders(checkout);
  await mkdir(path.join(folders.migrationsDir, "29990101000000_backup_probe"));
  await writeFile(
    path.join(folders.migrationsDir, "29990101000000_backup_probe", "migration.sql"),
    `CREATE TABLE "BackupProbe" ("id" INTEGER NOT NULL PRIMARY KEY);\n`,
  );
  const target = await createEmptyDatabase();
  const restored = await restoreDatabase({ url: target.url, file: backupFile, folders });
  expect(restored.newerMigrations).toEqual(["29990101000000_backup_probe"]);
  const after = await dump(target.url);
  expect(after.BackupProbe).toEqual([]);
  expect(after.Account).toEqual(snapshot.Account);
  const history = after._prisma_migrations.map((l) => l.split("\t")[3]);
  expect(history.sort()).toEqual([...snapshot._prisma_migrations.map((l) => l.split("\t")[3]), "29990101000000_backup_probe"].sort());
});

describe("files it refuses, writing nothing", () => {
  it("a truncated file", async () => {
    const bytes = await readFile(backupFile);
    const truncated = path.join(dir, "truncated.gz");
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectRefused(truncated, "CORRUPT", /is damaged or truncated \(.*\)/);
  });

  it("a file whose gzip is intact but a row is missing (found only after the migrations ran: they are rolled back)", async () => {
    const file = await rewrite(backupFile, "missing-row.gz", (text) => {
      const lines = text.split("\n");
      const start = lines.findIndex((l) => l.startsWith(`{"table":"Account"`));
      lines.splice(start + 2, 1);
      return lines.join("\n");
    });
    await expectRefused(file, "CORRUPT", /table "Account" does not end after its \d+ rows/);
  });

  it("a file that is not gzip, and a gzip file that is not a Seatkeeper backup", async () => {
    const plain = path.join(dir, "plain.txt");
    await writeFile(plain, "id,name\n1,x\n");
    await expectRefused(plain, "FORMAT", /is not a Seatkeeper backup \(it is not gzip-compressed/);
    const foreign = path.join(dir, "foreign.gz");
    await writeFile(foreign, gzipSync(`{"format":"something-else","version":1}\n`));
    await expectRefused(foreign, "FORMAT", /is not a Seatkeeper backup \(it does not start with a "seatkeeper-backup" header\)/);
  });

  it("a file from a newer backup format", async () => {
    const file = await rewrite(backupFile, "future.gz", (text) => text.replace(`"version":1,`, `"version":2,`));
    await expectRefused(file, "VERSION", /backup format version 2 by a newer Seatkeeper; this one reads version 1/);
  });

  it("a backup that names a migration this checkout does not have", async () => {
    const file = await rewrite(backupFile, "unknown-migration.gz", (text) =>
      text.replace(`"migrations":[`, `"migrations":["29991231000000_from_the_future",`),
    );
    await expectRefused(file, "UNKNOWN_MIGRATION", /migration 29991231000000_from_the_future, which this Seatkeeper does not have/);
  });
});

describe("the backup file itself", () => {
  it("is never overwritten without force; with force it is replaced", async () => {
    const out = path.join(dir, "again.gz");
    await writeFile(out, "keep me");
    const error = await backupDatabase({ url: source.url, out }).catch((e) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(error.code).toBe("EXISTS");
    expect(await readFile(out, "utf8")).toBe("keep me");
    await backupDatabase({ url: source.url, out, force: true });
    expect((await readBackupHeader(out)).format).toBe("seatkeeper-backup");
  });

  it("is not left behind, not even as a partial file, when the backup fails", async () => {
    const empty = await createEmptyDatabase();
    const out = path.join(dir, "failed.gz");
    const error = await backupDatabase({ url: empty.url, out }).catch((e) => e);
    expect(error.code).toBe("NOT_SEATKEEPER");
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });
});

describe("the commands", () => {
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const command = (script: string, args: string[], url: string, env: Record<string, string> = {}) =>
    run(process.execPath, [tsx, script, ...args], { env: { ...process.env, DATABASE_URL: url, ...env } }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
    );

  it("npm run db:backup and db:restore work against DATABASE_URL, with exit codes 0, 1 and 2", async () => {
    const out = path.join(dir, "command.backup.gz");
    const backup = await command("scripts/db-backup.ts", ["--out", out], source.url);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^db:backup: wrote .*command\.backup\.gz: \d+ tables, \d+ rows, \d+ bytes \(.*\) in \d+\.\d\d s\n$/);
    const again = await command("scripts/db-backup.ts", ["--out", out], source.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already: choose another file, or pass --force to replace it/);
    const usage = await command("scripts/db-backup.ts", [], source.url);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage: npm run db:backup -- --out FILE/);

    const target = await createEmptyDatabase();
    const restore = await command("scripts/db-restore.ts", [out], target.url);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/^db:restore: restored .*: \d+ tables, \d+ rows at migration \d+_\w+, in \d+\.\d\d s\n$/);
    const restored = createPrismaClient(target.url, { poolSize: 1 });
    expect(await restored.license.count()).toBe(1);
    await restored.$disconnect();
    const twice = await command("scripts/db-restore.ts", [out], target.url);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/The target database is not empty/);
    const missing = await command("scripts/db-restore.ts", ["/nonexistent/backup.gz"], target.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read the backup file \/nonexistent\/backup.gz: no such file/);
    const noFile = await command("scripts/db-restore.ts", [], target.url);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/usage: npm run db:restore -- FILE/);
  }, 120_000);

  it("without DATABASE_URL they use the embedded database: restore into a new data folder, back up from it", async () => {
    await chmod(dir, 0o755); // as root, the embedded PostgreSQL runs as `postgres` and must reach it
    const env = { SEATKEEPER_DATA_DIR: path.join(dir, "embedded-data") };
    const out = path.join(dir, "from-embedded.gz");
    const nothing = await command("scripts/db-backup.ts", ["--out", out], "", env);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(
      /There is no database to back up: DATABASE_URL is not set, no console is running, and .*embedded-data\/pg holds no embedded database/,
    );
    expect(existsSync(path.join(env.SEATKEEPER_DATA_DIR, "pg"))).toBe(false);

    const restore = await command("scripts/db-restore.ts", [backupFile], "", env);
    expect(restore.stderr).toMatch(/embedded PostgreSQL started for this command/);
    expect(restore.code).toBe(0);
    const backup = await command("scripts/db-backup.ts", ["--out", out], "", env);
    expect(backup.code).toBe(0);
    const [original, copy] = [await readBackupHeader(backupFile), await readBackupHeader(out)];
    expect(copy.database).toBe("seatkeeper");
    expect(copy.tables.map((t) => [t.name, t.rows])).toEqual(original.tables.map((t) => [t.name, t.rows]));
  }, 180_000);
});

it("ends every restored session and closes every restored set-password link: a cookie or link from the backup's day stays dead", async () => {
  const origin = await createTestDatabase();
  try {
    const { intranet } = await createSite(origin.db, { maxUsers: 10, maxExtranetUsers: 0 });
    const account = await createAccount({ actor: SEED_ACTOR, source: "FORM", account: person(intranet.id) }, origin.db);
    await origin.db.session.create({ data: { accountId: account.id, expiresAt: new Date(Date.now() + 3600_000) } });
    await origin.db.passwordLink.create({
      data: { accountId: account.id, tokenHash: "f".repeat(64), createdBy: "test", expiresAt: new Date(Date.now() + 3600_000) },
    });
    const file = path.join(dir, "credentials.backup.gz");
    await backupDatabase({ url: origin.url, out: file });
    const target = await createEmptyDatabase();
    await restoreDatabase({ url: target.url, file });
    const db = createPrismaClient(target.url, { poolSize: 1 });
    try {
      expect(await db.session.findMany({ where: { endedAt: null } })).toEqual([]);
      expect(await db.passwordLink.findMany({ where: { usedAt: null } })).toEqual([]);
      expect(await db.session.count()).toBe(1);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await origin.close();
  }
});
