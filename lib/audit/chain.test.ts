import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createEmptyDatabase, createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { createPrismaClient } from "../db/client";
import { applyMigrations, defaultFolders } from "../db/migrations";
import { blockAccount, createAccount, type Actor } from "../licensing";
import { verifyAuditChain } from "./verify-chain";

// The chain is kept by a database trigger; these tests write events through the real rules,
// tamper with them in raw SQL, and expect the verifier to point at the first broken event.

const actor: Actor = { id: null, label: "chain test" };
let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.close();
});

async function writeEvents(n: number) {
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 10 });
  for (let i = 0; i < n; i++) await createAccount({ actor, source: "FORM", account: person(areas.intranet.id) }, t.db);
  const rows = await t.db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, hash: true, prevHash: true } });
  return rows;
}

it("links every event to the one before it, and all of them verify", async () => {
  const rows = await writeEvents(6);
  expect(rows.length).toBe(7); // the license, then six creations
  expect(rows[0].prevHash).toBe("");
  for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
  expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length);
  expect(await verifyAuditChain({ batchSize: 3 }, t.db)).toEqual({ ok: true, count: 7, startsFrom: "" });
});

it("detects an edited event", async () => {
  const rows = await writeEvents(6);
  await t.db.$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'someone else' WHERE id = ${rows[3].id}`;
  const verdict = await verifyAuditChain({ batchSize: 4 }, t.db);
  expect(verdict).toMatchObject({ ok: false, id: rows[3].id.toString(), problem: "altered", count: 3 });
  // Editing the content and recomputing its own hash still breaks the link to the next event.
  await t.db.$executeRaw`UPDATE "AuditEvent" SET hash = seatkeeper_audit_hash("prevHash", "AuditEvent") WHERE id = ${rows[3].id}`;
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: false, id: rows[4].id.toString(), problem: "missing-or-reordered" });
});

it("detects a deleted event", async () => {
  const rows = await writeEvents(6);
  await t.db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${rows[2].id}`;
  expect(await verifyAuditChain({}, t.db)).toMatchObject({
    ok: false,
    id: rows[3].id.toString(),
    problem: "missing-or-reordered",
    count: 2,
  });
  await t.db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${rows[0].id}`;
  expect(await verifyAuditChain({}, t.db)).toMatchObject({
    ok: false,
    id: rows[1].id.toString(),
    problem: "missing-or-reordered",
    count: 0,
  });
});

it("detects reordered events", async () => {
  const rows = await writeEvents(6);
  const [a, b] = [rows[2].id, rows[3].id];
  await t.db.$transaction([
    t.db.$executeRaw`UPDATE "AuditEvent" SET id = -1 WHERE id = ${a}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET id = ${a} WHERE id = ${b}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET id = ${b} WHERE id = -1`,
  ]);
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: false, id: a.toString(), count: 2 });
});

it("keeps one linear chain when 20 audited operations from two processes run at once", async () => {
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 10 });
  const clients = [t.newClient(10), t.newClient(10)];
  const created = await Promise.all(
    Array.from({ length: 20 }, (_, i) => createAccount({ actor, source: "FORM", account: person(areas.intranet.id) }, clients[i % 2])),
  );
  await Promise.all(created.map((account, i) => blockAccount({ actor, accountId: account.id }, clients[i % 2])));
  expect(await verifyAuditChain({ batchSize: 7 }, t.db)).toEqual({ ok: true, count: 41, startsFrom: "" });
});

it("seals the events of a database migrated from before the chain, so it verifies like a new one", async () => {
  const { url } = await createEmptyDatabase();
  const folders = defaultFolders();
  const before = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-before-chain-"));
  try {
    for (const name of await readdir(folders.migrationsDir)) {
      if (name.endsWith("_audit_chain") || name > "20261129222808") continue;
      await cp(path.join(folders.migrationsDir, name), path.join(before, name), { recursive: true });
    }
    await applyMigrations(url, { ...folders, migrationsDir: before });
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query(`INSERT INTO "AuditEvent" ("actorLabel", action, outcome, after)
      SELECT 'old', 'account.create', 'SUCCESS', jsonb_build_object('n', g) FROM generate_series(1, 5) g`);
    await raw.end();
    await applyMigrations(url, folders);
    const db = createPrismaClient(url, { poolSize: 1 });
    try {
      const rows = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
      expect(rows.map((r) => r.prevHash)).toEqual(["", ...rows.slice(0, 4).map((r) => r.hash)]);
      await db.auditEvent.create({ data: { actorLabel: "new", action: "settings.change", outcome: "SUCCESS" } });
      expect(await verifyAuditChain({}, db)).toEqual({ ok: true, count: 6, startsFrom: "" });
    } finally {
      await db.$disconnect();
    }
  } finally {
    await rm(before, { recursive: true, force: true });
  }
});
