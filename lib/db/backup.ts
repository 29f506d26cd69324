import "server-only";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, link, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { z } from "zod";
import { config } from "../config";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations, defaultFolders, loadMigrationsList, type MigrationFolders } from "./migrations";
import { openSchemaEngine } from "./schema-engine";

// Online backup and restore of the console's database without pg_dump (PostgreSQL 18's pg_dump is
// not on these machines, and an older one refuses a newer server).
//
// File format "seatkeeper-backup", version 1: one gzip stream of
//   line 1      a JSON header: format, version, createdAt, server, database, encoding (always UTF8),
//               migrations (names of the finished migrations in _prisma_migrations), tables (in
//               load order: a table comes after every table its foreign keys reference; each with
//               its row count and its columns {name, type}), sequences (name, owning table and
//               column if any, lastValue as a decimal string, isCalled)
//   per table   a JSON line {"table": NAME, "rows": N}, then exactly N lines of COPY text format
//               (the header's columns, in order; DateStyle ISO, TimeZone UTC, UTF-8), then the
//               line `\.` (COPY text data never holds it: a backslash in a value is written `\\`)
//   last line   a JSON footer {"end": "seatkeeper-backup", "tables": T, "rows": R}; nothing after it.
// gzip's CRC catches damaged bytes; the counts, the `\.` lines and the footer catch truncation.

export const BACKUP_FORMAT = "seatkeeper-backup";
export const BACKUP_FORMAT_VERSION = 1;

/**
 * A backup holds the sessions and set-password links open when it was taken: signed out or used
 * since, they must not come back to life. Every restored session ends and every link closes.
 */
async function closeRestoredCredentials(client: pg.ClientBase): Promise<void> {
  const present = async (table: string) =>
    (await client.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`public."${table}"`])).rows[0].ok === true;
  if (await present("Session"))
    await client.query(`UPDATE "Session" SET "endedAt" = now(), "endedWhy" = 'restored from a backup' WHERE "endedAt" IS NULL`);
  if (await present("PasswordLink")) await client.query(`UPDATE "PasswordLink" SET "usedAt" = now() WHERE "usedAt" IS NULL`);
}

/** Prisma's migration lock: a console starting up waits for a restore instead of migrating under it. */
const PRISMA_MIGRATION_LOCK = 72707369;
const NO_FILTERS = { externalTables: [], externalEnums: [] };
const MAX_CONTROL_LINE = 64 * 1024 * 1024;

export type BackupErrorCode = "EXISTS" | "NOT_SEATKEEPER" | "NO_DATABASE" | "FAILED";
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "BackupError";
  }
}

export type RestoreErrorCode =
  "UNREADABLE" | "FORMAT" | "VERSION" | "CORRUPT" | "UNKNOWN_MIGRATION" | "NOT_EMPTY" | "SCHEMA" | "FAILED" | "NEWER_MIGRATIONS";
export class RestoreError extends Error {
  constructor(
    readonly code: RestoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RestoreError";
  }
}

const headerSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  server: z.string(),
  database: z.string(),
  encoding: z.literal("UTF8"),
  migrations: z.array(z.string().min(1)),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      rows: z.number().int().nonnegative(),
      columns: z.array(z.object({ name: z.string().min(1), type: z.string() })),
    }),
  ),
  sequences: z.array(
    z.object({
      name: z.string().min(1),
      table: z.string().nullable(),
      column: z.string().nullable(),
      lastValue: z.string().regex(/^-?\d+$/),
      isCalled: z.boolean(),
    }),
  ),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const sectionSchema = z.object({ table: z.string(), rows: z.number().int().nonnegative() });
const footerSchema = z.object({ end: z.literal(BACKUP_FORMAT), tables: z.number().int(), rows: z.number().int() });

export type BackupSummary = { file: string; tables: number; rows: number; bytes: number; seconds: number; migrations: string[] };
export type RestoreSummary = { tables: number; rows: number; seconds: number; migrations: string[]; newerMigrations: string[] };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (name: string) => `"public".${ident(name)}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  // A server's own limits would otherwise cut a long copy short, and COPY's text for dates and
  // numbers follows these settings: fixed here, so both ends read it the same way (as pg_dump does).
  await client.query(
    "SET client_encoding = 'UTF8'; SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; " +
      "SET DateStyle = ISO; SET IntervalStyle = postgres; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET bytea_output = hex",
  );
  return client;
}

// ---------------------------------------------------------------------------------------------
// Catalog

type Table = { name: string; columns: { name: string; type: string }[] };
type Sequence = { name: string; table: string | null; column: string | null };

/** Tables of the public schema with their copyable columns (generated columns are recomputed on load). */
async function listTables(client: pg.Client): Promise<Table[]> {
  const { rows } = await client.query<{ table: string; column: string | null; type: string | null }>(`
    SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type"
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname COLLATE "C", a.attnum`);
  const tables = new Map<string, Table>();
  for (const row of rows) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [] };
    tables.set(row.table, table);
    if (row.column) table.columns.push({ name: row.column, type: row.type ?? "" });
  }
  return [...tables.values()];
}

/** table -> the other tables its foreign keys reference. */
async function foreignKeys(client: pg.Client): Promise<Map<string, Set<string>>> {
  const { rows } = await client.query<{ from: string; to: string }>(`
    SELECT src.relname AS "from", dst.relname AS "to"
    FROM pg_constraint k
    JOIN pg_class src ON src.oid = k.conrelid
    JOIN pg_class dst ON dst.oid = k.confrelid
    WHERE k.contype = 'f'
      AND src.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public')
      AND dst.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'public')`);
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of rows) {
    if (from === to) continue; // rows of one COPY are checked at its end: any order within a table works
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(to);
  }
  return edges;
}

/** Referenced tables first, so that a restore can load them in file order with every foreign key checked. */
function loadOrder(names: string[], edges: Map<string, Set<string>>): string[] {
  const pending = new Set(names);
  const order: string[] = [];
  while (pending.size) {
    const ready = [...pending].filter((t) => ![...(edges.get(t) ?? [])].some((r) => pending.has(r))).sort();
    // A cycle of foreign keys cannot be ordered; the restore names the tables if their rows clash.
    const next = ready.length ? ready[0] : [...pending].sort()[0];
    order.push(next);
    pending.delete(next);
  }
  return order;
}

async function listSequences(client: pg.Client): Promise<Sequence[]> {
  const { rows } = await client.query<Sequence>(`
    SELECT s.relname AS "name", t.relname AS "table", a.attname AS "column"
    FROM pg_class s
    JOIN pg_namespace n ON n.oid = s.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
      AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class t ON t.oid = d.refobjid
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S'
    ORDER BY s.relname COLLATE "C"`);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Backup

/**
 * Writes an online backup of the database at `url` to `out`: one REPEATABLE READ snapshot for
 * every table, so rows written while it runs are either all in it or all not. The data goes to
 * `out.partial` (mode 0600) and is renamed to `out` only once complete.
 */
export async function backupDatabase(options: {
  url: string;
  out: string;
  force?: boolean;
  /** Called with an exported snapshot id while the backup's transaction is open (tests read the very same snapshot). */
  onSnapshot?: (snapshotId: string) => Promise<void>;
}): Promise<BackupSummary> {
  const started = performance.now();
  const out = path.resolve(options.out);
  const partial = `${out}.partial`;
  if (!options.force && existsSync(out)) {
    throw new BackupError("EXISTS", `${options.out} exists already: choose another file, or pass --force to replace it.`);
  }
  let client: pg.Client | undefined;
  let gzip: ReturnType<typeof createGzip> | undefined;
  try {
    client = await connect(options.url);
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const tables = await listTables(client); // the first query takes the snapshot
    if (!tables.some((t) => t.name === "_prisma_migrations")) {
      throw new BackupError(
        "NOT_SEATKEEPER",
        "This database has no _prisma_migrations table: it is not a Seatkeeper database, or it was never migrated.",
      );
    }
    // Like pg_dump: a migration that would change a table's shape waits until the copy is done.
    await client.query(`LOCK TABLE ${tables.map((t) => qualified(t.name)).join(", ")} IN ACCESS SHARE MODE`);
    if (options.onSnapshot) {
      const { rows } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
      await options.onSnapshot(rows[0].id);
    }
    const byName = new Map(tables.map((t) => [t.name, t]));
    const ordered = loadOrder([...byName.keys()], await foreignKeys(client)).map((n) => byName.get(n)!);
    const counted: BackupHeader["tables"] = [];
    for (const table of ordered) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(table.name)}`);
      counted.push({ name: table.name, rows: Number(rows[0].n), columns: table.columns });
    }
    const migrations = (
      await client.query<{ name: string }>(
        `SELECT migration_name AS name FROM "public"."_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name COLLATE "C"`,
      )
    ).rows.map((r) => r.name);
    const sequences: BackupHeader["sequences"] = [];
    for (const sequence of await listSequences(client)) {
      // Sequences are not transactional: this reads their current value, at least what the snapshot used.
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${qualified(sequence.name)}`,
      );
      sequences.push({ ...sequence, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
    }
    const server = await client.query<{ version: string; database: string }>(
      "SELECT current_setting('server_version') AS version, current_database() AS database",
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      server: server.rows[0].version,
      database: server.rows[0].database,
      encoding: "UTF8",
      migrations,
      tables: counted,
      sequences,
    };

    await rm(partial, { force: true }); // left by a backup that was killed
    const gz = createGzip();
    gzip = gz;
    // flush: fsync before close, so the rename below never publishes data still in the page cache.
    const written = pipeline(gz, createWriteStream(partial, { flags: "wx", mode: 0o600, flush: true }));
    written.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    const write = async (data: Buffer | string) => {
      if (!gz.write(data)) await Promise.race([once(gz, "drain"), written]);
    };
    await write(`${JSON.stringify(header)}\n`);
    let totalRows = 0;
    for (const table of counted) {
      await write(`${JSON.stringify({ table: table.name, rows: table.rows })}\n`);
      const columns = table.columns.map((c) => ident(c.name)).join(", ");
      let lines = 0;
      let last = 10;
      for await (const chunk of client.query(
        copyTo(`COPY (SELECT ${columns} FROM ${qualified(table.name)}) TO STDOUT`),
      ) as AsyncIterable<Buffer>) {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
        if (chunk.length) last = chunk[chunk.length - 1];
        await write(chunk);
      }
      if (lines !== table.rows || last !== 10) {
        throw new BackupError(
          "FAILED",
          `Table "${table.name}" gave ${lines} rows where ${table.rows} were counted in the same snapshot; the backup was not written.`,
        );
      }
      await write("\\.\n");
      totalRows += table.rows;
    }
    await write(`${JSON.stringify({ end: BACKUP_FORMAT, tables: counted.length, rows: totalRows })}\n`);
    gz.end();
    await written;
    await client.query("COMMIT");

    if (options.force) await rename(partial, out);
    else {
      // link() refuses an existing name, so a file that appeared meanwhile is not replaced either.
      const exists = () => new BackupError("EXISTS", `${options.out} exists already: choose another file, or pass --force to replace it.`);
      const linked = await link(partial, out).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "EEXIST") throw exists();
          // Some network and FAT file systems have no hard links: check, then rename.
          if (["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"].includes(error.code ?? "")) return false;
          throw error;
        },
      );
      if (linked) await rm(partial, { force: true });
      else if (existsSync(out)) throw exists();
      else await rename(partial, out);
    }
    await syncDirectory(path.dirname(out));
    return {
      file: out,
      tables: counted.length,
      rows: totalRows,
      bytes: (await stat(out)).size,
      seconds: (performance.now() - started) / 1000,
      migrations,
    };
  } catch (error) {
    gzip?.destroy();
    await rm(partial, { force: true }).catch(() => {});
    if (error instanceof BackupError) throw error;
    throw new BackupError("FAILED", `The backup failed and no file was written: ${errorText(error)}`, { cause: error });
  } finally {
    await client?.end().catch(() => {});
  }
}

async function syncDirectory(dir: string) {
  // The rename is durable only once the directory itself is flushed; not every platform allows it.
  const handle = await open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close().catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Reading a backup file

/** Lines and row blocks from the decompressed stream, with every zlib failure reported as a damaged file. */
class BackupReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private buffer: Buffer = Buffer.alloc(0);
  private at = 0;
  private ended = false;

  constructor(
    stream: AsyncIterable<Buffer>,
    private readonly name: string,
  ) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  damaged(why: string): RestoreError {
    return new RestoreError("CORRUPT", `The backup file ${this.name} is damaged or truncated (${why}). Nothing was written.`);
  }

  private async fill(): Promise<boolean> {
    while (this.at >= this.buffer.length) {
      if (this.ended) return false;
      let next: IteratorResult<Buffer>;
      try {
        next = await this.chunks.next();
      } catch (error) {
        throw this.damaged(`gzip: ${errorText(error)}`);
      }
      if (next.done) {
        this.ended = true;
        return false;
      }
      this.buffer = next.value;
      this.at = 0;
    }
    return true;
  }

  /** The next line without its newline; null at a clean end of the stream. */
  async line(): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      if (!(await this.fill())) {
        if (size === 0) return null;
        throw this.damaged("it ends in the middle of a line");
      }
      const newline = this.buffer.indexOf(10, this.at);
      const end = newline === -1 ? this.buffer.length : newline;
      parts.push(this.buffer.subarray(this.at, end));
      size += end - this.at;
      this.at = newline === -1 ? end : newline + 1;
      if (newline !== -1) return parts.length === 1 ? parts[0] : Buffer.concat(parts);
      if (size > MAX_CONTROL_LINE) throw this.damaged("a line is far longer than any header");
    }
  }

  async json(what: string): Promise<unknown> {
    const line = await this.line();
    if (line === null) throw this.damaged(`it ends before ${what}`);
    try {
      return JSON.parse(line.toString("utf8"));
    } catch {
      throw this.damaged(`${what} is not readable`);
    }
  }

  /** Exactly `rows` newline-terminated lines, as slices of the decompressed chunks. */
  async *rows(rows: number, table: string): AsyncGenerator<Buffer> {
    let left = rows;
    while (left > 0) {
      if (!(await this.fill())) throw this.damaged(`it ends inside table "${table}"`);
      let end = this.at;
      while (left > 0) {
        const newline = this.buffer.indexOf(10, end);
        if (newline === -1) {
          end = this.buffer.length;
          break;
        }
        end = newline + 1;
        left--;
      }
      const slice = this.buffer.subarray(this.at, end);
      this.at = end;
      yield slice;
    }
  }
}

type OpenedBackup = { header: BackupHeader; reader: BackupReader; close: () => Promise<void> };

async function openBackup(file: string): Promise<OpenedBackup> {
  const handle = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    throw new RestoreError(
      "UNREADABLE",
      `Cannot read the backup file ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}.`,
      { cause: error },
    );
  });
  try {
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0);
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) {
      throw new RestoreError(
        "FORMAT",
        `${file} is not a Seatkeeper backup (it is not gzip-compressed; backups are written by \`npm run db:backup\`). Nothing was written.`,
      );
    }
    const stream = handle.createReadStream({ start: 0, autoClose: false }).pipe(createGunzip({ chunkSize: 64 * 1024 }));
    const reader = new BackupReader(stream, file);
    const close = async () => {
      stream.destroy();
      await handle.close().catch(() => {});
    };
    try {
      const first = await reader.line();
      let parsed: unknown;
      try {
        parsed = first === null ? null : JSON.parse(first.toString("utf8"));
      } catch {
        parsed = null;
      }
      const raw = parsed as { format?: unknown; version?: unknown } | null;
      if (!raw || typeof raw !== "object" || raw.format !== BACKUP_FORMAT) {
        throw new RestoreError(
          "FORMAT",
          `${file} is not a Seatkeeper backup (it does not start with a "${BACKUP_FORMAT}" header). Nothing was written.`,
        );
      }
      if (typeof raw.version === "number" && raw.version > BACKUP_FORMAT_VERSION) {
        throw new RestoreError(
          "VERSION",
          `${file} was written in backup format version ${raw.version} by a newer Seatkeeper; this one reads version ${BACKUP_FORMAT_VERSION}. Restore it with that newer version. Nothing was written.`,
        );
      }
      const header = headerSchema.safeParse(parsed);
      if (!header.success)
        throw reader.damaged(
          `its header does not match format version ${BACKUP_FORMAT_VERSION}: ${header.error.issues[0]?.path.join(".")} ${header.error.issues[0]?.message}`,
        );
      const names = header.data.tables.map((t) => t.name);
      if (new Set(names).size !== names.length) throw reader.damaged("its header lists a table twice");
      return { header: header.data, reader, close };
    } catch (error) {
      await close();
      throw error;
    }
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** The header of a backup file (validated), without reading its data. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const backup = await openBackup(file);
  await backup.close();
  return backup.header;
}

// ---------------------------------------------------------------------------------------------
// Restore

export const EMPTY_DATABASE_RULE =
  "db:restore only writes into an empty database: one with no table in its public schema, or one holding only the tables of Seatkeeper migrations that the backup also has, with no row in any of them (apart from the _prisma_migrations history)";

async function assertEmpty(client: pg.Client, header: BackupHeader): Promise<void> {
  const tables = (await listTables(client)).map((t) => t.name);
  if (tables.length === 0) return;
  const refuse = (why: string) =>
    new RestoreError("NOT_EMPTY", `The target database is not empty: ${why}. ${EMPTY_DATABASE_RULE}. Nothing was written.`);
  if (!tables.includes("_prisma_migrations")) {
    throw refuse(
      `it holds tables that no Seatkeeper migration made (${tables
        .slice(0, 5)
        .map((t) => `"${t}"`)
        .join(", ")}${tables.length > 5 ? ", ..." : ""})`,
    );
  }
  // A console writing to it meanwhile waits until the restore has committed or rolled back.
  await client.query(`LOCK TABLE ${tables.map(qualified).join(", ")} IN ACCESS EXCLUSIVE MODE`);
  const withRows: string[] = [];
  for (const table of tables) {
    if (table === "_prisma_migrations") continue;
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${qualified(table)}) AS any`);
    if (rows[0].any) withRows.push(table);
  }
  if (withRows.length)
    throw refuse(
      `table${withRows.length > 1 ? "s" : ""} ${withRows
        .slice(0, 5)
        .map((t) => `"${t}"`)
        .join(", ")}${withRows.length > 5 ? ", ..." : ""} ${withRows.length > 1 ? "have" : "has"} rows`,
    );
  const recorded = await client.query<{ name: string; finished: boolean; rolledBack: boolean }>(
    `SELECT migration_name AS name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS "rolledBack" FROM "public"."_prisma_migrations"`,
  );
  const failed = recorded.rows.find((m) => !m.finished && !m.rolledBack);
  if (failed) throw refuse(`its migration ${failed.name} failed and was never resolved`);
  const inBackup = new Set(header.migrations);
  const newer = recorded.rows.filter((m) => m.finished && !m.rolledBack && !inBackup.has(m.name)).map((m) => m.name);
  if (newer.length) throw refuse(`its schema has migration${newer.length > 1 ? "s" : ""} ${newer.join(", ")}, which the backup does not`);
}

/**
 * Runs the schema engine's migrations on `client`, inside its open transaction: the engine gets a
 * pool whose every query goes to that one connection, so a failed restore rolls them back too.
 */
async function applyMigrationsInTransaction(client: pg.Client, url: string, folders: MigrationFolders, names: string[]): Promise<void> {
  const list = await loadMigrationsList(folders.migrationsDir);
  const wanted = new Set(names);
  const migrationsList = { ...list, migrationDirectories: list.migrationDirectories.filter((d) => wanted.has(d.path)) };
  const transactionControl = /^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|PREPARE\s+TRANSACTION)\b/i;
  const pool = new pg.Pool({ connectionString: url, max: 1 }); // never connects: query and connect are replaced
  const route = (...args: unknown[]) => {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === "string" ? first : (first?.text ?? "")).replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)+/, "");
    if (transactionControl.test(text)) {
      return Promise.reject(
        new Error(
          `a migration controls its own transaction (${text.slice(0, 40)}), which db:restore cannot run inside its single transaction`,
        ),
      );
    }
    return (client.query as (...a: unknown[]) => unknown)(...args);
  };
  Object.assign(pool, {
    query: route,
    connect: () =>
      Promise.reject(new Error("the schema engine asked for a second connection, which db:restore cannot give it inside its transaction")),
  });
  const before = (await client.query<{ xid: string }>("SELECT pg_current_xact_id()::text AS xid")).rows[0].xid;
  const schema = { path: folders.schemaPath, content: await readFile(folders.schemaPath, "utf8") };
  const engine = await openSchemaEngine(new PrismaPg(pool), schema);
  try {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
  } catch (error) {
    const e = error as { message?: string; meta?: unknown };
    const why = e?.message ? (e.meta ? `${e.message} (${JSON.stringify(e.meta)})` : e.message) : String(error);
    throw new RestoreError("FAILED", `Applying the backup's migrations failed: ${why}. Nothing was written.`, { cause: error });
  } finally {
    engine.free();
    await pool.end().catch(() => {});
  }
  const after = (await client.query<{ xid: string }>("SELECT pg_current_xact_id()::text AS xid")).rows[0].xid;
  if (after !== before) throw new RestoreError("FAILED", "The schema engine ended the restore's transaction; the restore stopped.");
}

/** Every table and column of the backup must exist here, and the file's order must satisfy this database's foreign keys. */
async function checkTarget(client: pg.Client, header: BackupHeader): Promise<void> {
  const target = new Map((await listTables(client)).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  for (const table of header.tables) {
    const columns = target.get(table.name);
    if (!columns)
      throw new RestoreError(
        "SCHEMA",
        `After the backup's migrations this database has no table "${table.name}", which the backup holds. Nothing was written.`,
      );
    const missing = table.columns.filter((c) => !columns.has(c.name)).map((c) => c.name);
    if (missing.length)
      throw new RestoreError(
        "SCHEMA",
        `After the backup's migrations table "${table.name}" has no column ${missing.map((m) => `"${m}"`).join(", ")}, which the backup holds. Nothing was written.`,
      );
  }
  const edges = await foreignKeys(client);
  const position = new Map(header.tables.map((t, i) => [t.name, i]));
  for (const [i, table] of header.tables.entries()) {
    for (const referenced of edges.get(table.name) ?? []) {
      const at = position.get(referenced);
      if (at !== undefined && at > i) {
        throw new RestoreError(
          "SCHEMA",
          `The backup stores "${table.name}" before "${referenced}", which it references: it cannot be loaded in order. Nothing was written.`,
        );
      }
    }
  }
}

/** Next values above every restored id, and never below what the source had handed out. */
async function resetSequences(client: pg.Client, header: BackupHeader): Promise<void> {
  const recorded = new Map(header.sequences.map((s) => [s.name, s]));
  for (const sequence of await listSequences(client)) {
    const candidates: bigint[] = [];
    const saved = recorded.get(sequence.name);
    if (saved) candidates.push(BigInt(saved.lastValue) + (saved.isCalled ? 1n : 0n));
    if (sequence.table && sequence.column) {
      const { rows } = await client.query<{ max: string | null }>(
        `SELECT max(${ident(sequence.column)})::text AS max FROM ${qualified(sequence.table)}`,
      );
      if (rows[0].max !== null && /^-?\d+$/.test(rows[0].max)) candidates.push(BigInt(rows[0].max) + 1n);
    }
    if (!candidates.length) continue;
    const next = candidates.reduce((a, b) => (b > a ? b : a));
    await client.query(`SELECT setval($1::regclass, $2::bigint, false)`, [qualified(sequence.name), next.toString()]);
  }
}

/**
 * Restores a backup into the (empty) database at `url`, in one transaction: the migrations the
 * backup recorded, every table's rows, the sequences. A failure at any point leaves the database
 * as it was. Then it applies the newer migrations this checkout has, as a start-up would.
 */
export async function restoreDatabase(options: {
  url: string;
  file: string;
  folders?: MigrationFolders;
  log?: (line: string) => void;
}): Promise<RestoreSummary> {
  const started = performance.now();
  const folders = options.folders ?? defaultFolders();
  const backup = await openBackup(options.file);
  const { header, reader } = backup;
  let rows = 0;
  try {
    const available = new Set((await loadMigrationsList(folders.migrationsDir)).migrationDirectories.map((d) => d.path));
    const unknown = header.migrations.filter((m) => !available.has(m));
    if (unknown.length) {
      throw new RestoreError(
        "UNKNOWN_MIGRATION",
        `The backup was taken from a database with migration${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}, which this Seatkeeper does not have (it is older than the one that wrote the backup): restore it with that version or a newer one. Nothing was written.`,
      );
    }
    const client = await connect(options.url).catch((error) => {
      throw new RestoreError("FAILED", `Cannot connect to the target database: ${errorText(error)}. Nothing was written.`, {
        cause: error,
      });
    });
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATION_LOCK]);
      await assertEmpty(client, header);
      options.log?.(`applying the backup's ${header.migrations.length} migrations`);
      await applyMigrationsInTransaction(client, options.url, folders, header.migrations);
      await checkTarget(client, header);
      // The history comes from the backup as it was, in place of the rows the engine just wrote.
      await client.query(`DELETE FROM "public"."_prisma_migrations"`);
      // Triggers that keep derived rows (the seat history) stay off while the rows load: those
      // rows are in the backup too, and writing them again would double the history.
      for (const table of header.tables) await client.query(`ALTER TABLE ${qualified(table.name)} DISABLE TRIGGER USER`);
      for (const table of header.tables) {
        const section = sectionSchema.safeParse(await reader.json(`the start of table "${table.name}"`));
        if (!section.success || section.data.table !== table.name || section.data.rows !== table.rows) {
          throw reader.damaged(`table "${table.name}" was expected next, with ${table.rows} rows`);
        }
        const columns = table.columns.length ? ` (${table.columns.map((c) => ident(c.name)).join(", ")})` : "";
        const copy = client.query(copyFrom(`COPY ${qualified(table.name)}${columns} FROM STDIN`));
        try {
          await pipeline(Readable.from(reader.rows(table.rows, table.name), { objectMode: false }), copy);
        } catch (error) {
          if (error instanceof RestoreError) throw error;
          throw new RestoreError("FAILED", `Loading table "${table.name}" failed: ${errorText(error)}. Nothing was written.`, {
            cause: error,
          });
        }
        const end = await reader.line();
        if (end === null || end.toString("latin1") !== "\\.")
          throw reader.damaged(`table "${table.name}" does not end after its ${table.rows} rows`);
        rows += table.rows;
      }
      const footer = footerSchema.safeParse(await reader.json("its end line"));
      if (!footer.success || footer.data.tables !== header.tables.length || footer.data.rows !== rows)
        throw reader.damaged("its end line does not match its contents");
      if ((await reader.line()) !== null) throw reader.damaged("there is data after its end line");
      for (const table of header.tables) await client.query(`ALTER TABLE ${qualified(table.name)} ENABLE TRIGGER USER`);
      await resetSequences(client, header);
      await closeRestoredCredentials(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      if (error instanceof RestoreError) throw error;
      throw new RestoreError("FAILED", `The restore failed: ${errorText(error)}. Nothing was written.`, { cause: error });
    } finally {
      // Also drops the engine's session-level migration lock, which the migrations below take again.
      await client.end().catch(() => {});
    }
  } finally {
    await backup.close();
  }
  // Fresh statistics for the planner; the data is committed whatever happens here.
  const analyzer = await connect(options.url).catch(() => undefined);
  await analyzer?.query("ANALYZE").catch(() => {});
  await analyzer?.end().catch(() => {});
  let newerMigrations: string[];
  try {
    newerMigrations = await applyMigrations(options.url, folders);
  } catch (error) {
    throw new RestoreError(
      "NEWER_MIGRATIONS",
      `The backup was restored, but applying this checkout's newer migrations failed: ${errorText(error)}. Fix the cause and run \`npm run db:migrate\` (or start the console), which applies them.`,
      { cause: error },
    );
  }
  return {
    tables: header.tables.length,
    rows,
    seconds: (performance.now() - started) / 1000,
    migrations: header.migrations,
    newerMigrations,
  };
}

// ---------------------------------------------------------------------------------------------
// Which database a command works on

const APP_DATABASE = "seatkeeper"; // the embedded database's name, as lib/db/prepare-database.ts makes it

/**
 * The database for db:backup and db:restore, found as withCommandDatabase finds it (DATABASE_URL,
 * else the running console's embedded database, else the embedded database started for the
 * command), but never migrated on the way: a backup must show the database as it is (a backup
 * taken before an upgrade is the point), and a restore applies the backup's own migrations.
 */
export async function withBackupDatabase<T>(
  work: (url: string) => Promise<T>,
  options: { mustExist: boolean; log?: (line: string) => void },
): Promise<T> {
  const { DATABASE_URL, SEATKEEPER_DATA_DIR } = config();
  if (DATABASE_URL) return work(DATABASE_URL);
  const dataDir = path.resolve(SEATKEEPER_DATA_DIR);
  const urlFile = path.join(dataDir, "database-url");
  if (existsSync(urlFile)) {
    const url = (await readFile(urlFile, "utf8")).trim();
    const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    const reachable = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => {});
    if (reachable) {
      options.log?.(`using the running console's embedded database`);
      return work(url);
    }
    // else a stale file from a console that died: start the embedded database below
  }
  const pgDir = path.join(dataDir, "pg");
  if (options.mustExist && !existsSync(path.join(pgDir, "PG_VERSION"))) {
    throw new BackupError(
      "NO_DATABASE",
      `There is no database to back up: DATABASE_URL is not set, no console is running, and ${pgDir} holds no embedded database.`,
    );
  }
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755).catch(() => {}); // as root, the embedded PostgreSQL runs as `postgres` and must reach it
  const server = await startEmbeddedPostgres({ dataDir: pgDir });
  try {
    await ensureDatabase(server.url(), APP_DATABASE);
    options.log?.(`embedded PostgreSQL started for this command (data in ${pgDir})`);
    return await work(server.url(APP_DATABASE));
  } finally {
    await server.stop();
  }
}
