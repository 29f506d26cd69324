import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { ensureDatabasePassword, findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";
import { prepareDatabase } from "./prepare-database";

// Start-up against a database that is briefly unavailable: it says so, waits, and goes on.

let late: EmbeddedDatabase | undefined;
let dir: string | undefined;
afterAll(async () => {
  delete process.env.DATABASE_URL;
  await late?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("waits for a database that is not up yet, then applies the migrations", async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-late-pg-"));
  await chmod(dir, 0o755);
  const port = await findFreePort();
  const password = await ensureDatabasePassword(path.join(dir, "pg"));
  process.env.DATABASE_URL = `postgresql://seatkeeper:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const lines: string[] = [];
  const starting = prepareDatabase({ dataDir: dir, log: (l) => lines.push(l) });
  await new Promise((r) => setTimeout(r, 2500));
  late = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port });
  const database = await starting;
  expect(database.embedded).toBe(false);
  expect(lines.some((l) => /not reachable yet/.test(l))).toBe(true);
  expect(lines.at(-1)).toMatch(/applied migrations/);
}, 90_000);
