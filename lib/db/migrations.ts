import "server-only";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { openSchemaEngine } from "./schema-engine";

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export type MigrationFolders = { migrationsDir: string; schemaPath: string };

export function defaultFolders(root = process.cwd()): MigrationFolders {
  return {
    migrationsDir: path.join(root, "prisma/migrations"),
    schemaPath: path.join(root, "prisma/schema.prisma"),
  };
}

/** Reads prisma/migrations in Prisma's standard layout, sorted by folder name. */
export async function loadMigrationsList(migrationsDir: string) {
  await mkdir(migrationsDir, { recursive: true });
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: lockContent },
    migrationDirectories: await Promise.all(
      folders.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: {
            tag: "ok" as const,
            value: await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8"),
          },
        },
      })),
    ),
    shadowDbInitScript: "",
  };
}

async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaPath: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const content = await readFile(schemaPath, "utf8");
  const engine = await openSchemaEngine(adapterFactory, { path: schemaPath, content });
  try {
    return await work(engine);
  } finally {
    engine.free();
  }
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

function describeEngineError(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) {
    const e = error as { message: string; meta?: unknown };
    return e.meta ? `${e.message} (${JSON.stringify(e.meta)})` : e.message;
  }
  return String(error);
}

/** Applies every migration not yet recorded in _prisma_migrations (what `prisma migrate deploy` does). */
export async function applyMigrations(databaseUrl: string, folders: MigrationFolders = defaultFolders()): Promise<string[]> {
  const migrationsList = await loadMigrationsList(folders.migrationsDir);
  // Our own pool, so that it can be closed: the engine does not close its connections, and
  // a lingering one keeps the process alive (or a template database busy).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const adapterFactory = new PrismaPg(pool);
  try {
    const output = await withEngine(adapterFactory, folders.schemaPath, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
    );
    return output.appliedMigrationNames;
  } catch (error) {
    throw new MigrationError(`Applying database migrations failed: ${describeEngineError(error)}`, {
      cause: error,
    });
  } finally {
    await pool.end();
  }
}

/**
 * Writes a new migration folder for the difference between the migrations and the schema,
 * computed on a throwaway in-process PGlite database. Returns null when there is no difference.
 */
export async function createMigration(
  migrationName: string,
  folders: MigrationFolders = defaultFolders(),
): Promise<{ folder: string; sql: string } | null> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const migrationsList = await loadMigrationsList(folders.migrationsDir);
  const schema = await readFile(folders.schemaPath, "utf8");
  // The schema uses pg_trgm, which PGlite only has when loaded, in both the main and the
  // shadow database (the adapter's own shadow database would lack it).
  const newDatabase = () => new PGlite({ extensions: { pg_trgm } });
  const db = newDatabase();
  const shadows: InstanceType<typeof PGlite>[] = [];
  try {
    const main = new PrismaPGlite(db);
    const adapterFactory: SqlMigrationAwareDriverAdapterFactory = {
      provider: main.provider,
      adapterName: main.adapterName,
      connect: () => main.connect(),
      connectToShadowDb: () => {
        const shadow = newDatabase();
        shadows.push(shadow);
        return new PrismaPGlite(shadow).connect();
      },
    };
    const output = await withEngine(adapterFactory, folders.schemaPath, async (engine) => {
      await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
      // devDiagnostic sets up the shadow database that createMigration replays history into.
      await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
      return engine.createMigration({
        draft: false,
        migrationName,
        migrationsList,
        schema: { files: [{ path: folders.schemaPath, content: schema }] },
        filters: NO_FILTERS,
      });
    });
    if (!output.migrationScript) return null;
    const folder = path.join(folders.migrationsDir, output.generatedMigrationName);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, "migration.sql"), output.migrationScript);
    await writeFile(
      path.join(folders.migrationsDir, "migration_lock.toml"),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
    return { folder, sql: output.migrationScript };
  } finally {
    await Promise.all([db, ...shadows].map((d) => d.close().catch(() => {})));
  }
}
