import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { applyMigrations, createMigration, defaultFolders } from "./migrations";

// The create-and-apply round trip through the WASM schema engine (an internal, unversioned
// package we pin): the committed migrations match the schema, a schema change becomes a new
// migration, and both apply to a fresh PostgreSQL database exactly as Prisma records them.

let workDir: string;
const freshDatabases: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `mig_${Date.now()}_${freshDatabases.length}`;
  const admin = new pg.Client({ connectionString: inject("pgServerUrl") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  freshDatabases.push(name);
  return inject("pgServerUrl").replace(/\/postgres$/, `/${name}`);
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-migrations-"));
  await cp(path.resolve("prisma"), path.join(workDir, "prisma"), { recursive: true });
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

it("the committed migrations match prisma/schema.prisma (nothing left to create)", async () => {
  expect(await createMigration("drift_check", defaultFolders(workDir))).toBeNull();
});

it("applies every committed migration to a fresh database and records them in _prisma_migrations", async () => {
  const url = await freshDatabase();
  const committed = (await readdir(path.resolve("prisma/migrations"), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  expect(await applyMigrations(url)).toEqual(committed);
  const recorded = await query(url, `SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`);
  expect(recorded.map((r) => r.migration_name)).toEqual(committed);
  expect(recorded.every((r) => r.finished_at !== null)).toBe(true);
  // A second run applies nothing.
  expect(await applyMigrations(url)).toEqual([]);
});

it("creates a migration for a schema change and applies it on top", async () => {
  const folders = defaultFolders(workDir);
  const schema = await readFile(folders.schemaPath, "utf8");
  await writeFile(folders.schemaPath, `${schema}\nmodel RoundTripProbe {\n  id   Int    @id\n  note String\n}\n`);
  const created = await createMigration("round_trip_probe", folders);
  expect(created?.sql).toMatch(/CREATE TABLE "RoundTripProbe"/);
  const url = await freshDatabase();
  const applied = await applyMigrations(url, folders);
  expect(applied.at(-1)).toMatch(/_round_trip_probe$/);
  const columns = await query(
    url,
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'RoundTripProbe' ORDER BY column_name`,
  );
  expect(columns.map((c) => c.column_name)).toEqual(["id", "note"]);
});

it("stops with a readable error when a migration fails", async () => {
  const folders = defaultFolders(workDir);
  const broken = path.join(folders.migrationsDir, "29990101000000_broken");
  await cp(path.join(folders.migrationsDir, (await readdir(folders.migrationsDir)).sort()[0]), broken, { recursive: true });
  await writeFile(path.join(broken, "migration.sql"), "CREATE TABLE oops (;\n");
  const url = await freshDatabase();
  await expect(applyMigrations(url, folders)).rejects.toThrow(/Applying database migrations failed/);
  await rm(broken, { recursive: true });
});
