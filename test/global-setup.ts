import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrations";

// One embedded PostgreSQL for the whole run; every test file gets its own database cloned from
// a migrated template, so files run in parallel without sharing state.
export const TEMPLATE_DB = "seatkeeper_template";

let server: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-test-pg-"));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach it
  server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pg") });
  await ensureDatabase(server.url(), TEMPLATE_DB);
  await applyMigrations(server.url(TEMPLATE_DB));
  project.provide("pgServerUrl", server.url());
  project.provide("pgPort", server.port);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgPort: number;
  }
}
