import "server-only";
import path from "node:path";
import { config } from "../config";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./migrations";

export type PreparedDatabase = {
  url: string;
  embedded: boolean;
  /** pid of the embedded PostgreSQL server, if one was started. */
  pid?: number;
  stop: () => Promise<void>;
};

const APP_DATABASE = "seatkeeper";

/**
 * The database the console runs on: DATABASE_URL when set (production: any PostgreSQL), else the
 * embedded PostgreSQL kept under `<dataDir>/pg`. Either way the migrations are applied before
 * anything is served; a failed migration stops start-up with its reason.
 */
export async function prepareDatabase(options: { dataDir: string; log: (line: string) => void }): Promise<PreparedDatabase> {
  const configured = config().DATABASE_URL;
  let url = configured;
  let stop = async () => {};
  let pid: number | undefined;
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: path.join(options.dataDir, "pg") });
    stop = server.stop;
    pid = server.pid;
    try {
      await ensureDatabase(server.url(), APP_DATABASE);
    } catch (error) {
      await stop();
      throw error;
    }
    url = server.url(APP_DATABASE);
    options.log(`embedded PostgreSQL on 127.0.0.1:${server.port} (data in ${path.join(options.dataDir, "pg")})`);
  }
  try {
    const applied = await applyWhenReachable(url, options.log);
    options.log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, embedded: !configured, pid, stop };
}

/** A database that is briefly unavailable (restarting, still booting) is waited for, and said so. */
async function applyWhenReachable(url: string, log: (line: string) => void): Promise<string[]> {
  const deadline = Date.now() + config().SEATKEEPER_DB_WAIT_SECONDS * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await applyMigrations(url);
    } catch (error) {
      const unreachable =
        /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|the database system is starting up|Can't reach database|connect/i.test(
          String((error as Error)?.message ?? error),
        ) && !/Applying database migrations failed: .*(syntax|already exists|does not exist)/i.test(String((error as Error)?.message));
      if (!unreachable || Date.now() > deadline) throw error;
      log(`database not reachable yet (attempt ${attempt}): retrying in 2 s`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
