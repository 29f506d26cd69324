import "server-only";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { config } from "../config";
import { createPrismaClient, type Db } from "./client";
import { applyMigrations } from "./migrations";
import { prepareDatabase } from "./prepare-database";

/**
 * For one-off commands: DATABASE_URL, else the embedded database of a running console (its
 * start script leaves the address in the data directory), else the embedded database started
 * just for this command and stopped after it.
 */
export async function withCommandDatabase<T>(
  work: (client: Db) => Promise<T>,
  options: { migrate?: boolean; log?: (line: string) => void } = {},
): Promise<T> {
  const { DATABASE_URL, SEATKEEPER_DATA_DIR } = config();
  const dataDir = path.resolve(SEATKEEPER_DATA_DIR);
  const urlFile = path.join(dataDir, "database-url");
  let url = DATABASE_URL ?? (existsSync(urlFile) ? (await readFile(urlFile, "utf8")).trim() : undefined);
  let stop = async () => {};
  if (url) {
    const probe = createPrismaClient(url, { poolSize: 1 });
    const reachable = await probe.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    await probe.$disconnect();
    if (!reachable && !DATABASE_URL)
      url = undefined; // a stale file from a console that died
    else if (!reachable) throw new Error(`Cannot reach the database at DATABASE_URL.`);
  }
  if (!url) {
    // prepareDatabase applies pending migrations to the embedded database it starts.
    const database = await prepareDatabase({ dataDir, log: options.log ?? (() => {}) });
    url = database.url;
    stop = database.stop;
  } else if (options.migrate) {
    const applied = await applyMigrations(url);
    if (applied.length) options.log?.(`applied migrations: ${applied.join(", ")}`);
  }
  const client = createPrismaClient(url, { poolSize: 2 });
  try {
    return await work(client);
  } finally {
    await client.$disconnect();
    await stop();
  }
}
