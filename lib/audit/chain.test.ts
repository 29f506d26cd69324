import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createEmptyDatabase, createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { createPrismaClient } from "../db/client";
import { applyMigrations, defaultFolders } from "../db/migrations";
import { blockAccount, createAccount, type Actor } from "../licensing";
import { SEAL_WRITE_BATCH, sealAuditChain } from "./seal-audit-chain";
import { verifyAuditChain } from "./verify-chain";

// The chain is appended by the database's sealer; these tests write events through the real rules,
// seal them, tamper with them in raw SQL, and expect the verifier to point at the first broken event.

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
  expect(await sealAuditChain(t.db)).toBe(n + 1);
  const rows = await t.db.auditEvent.findMany({
    orderBy: { chainSeq: "asc" },
    select: { id: true, hash: true, prevHash: true, chainSeq: true },
  });
  return rows;
}

it("links every event to the one before it, and all of them verify", async () => {
  const rows = await writeEvents(6);
  expect(rows.length).toBe(7); // the license, then six creations
  expect(rows[0].prevHash).toBe("");
  expect(rows.map((r) => r.chainSeq)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
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
  const [a, b] = [rows[2], rows[3]];
  await t.db.$transaction([
    t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = -1 WHERE id = ${a.id}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = ${a.chainSeq} WHERE id = ${b.id}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = ${b.chainSeq} WHERE id = ${a.id}`,
  ]);
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: false, id: b.id.toString(), problem: "missing-or-reordered", count: 2 });
  await t.db.$transaction([
    t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = -1 WHERE id = ${b.id}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = ${a.chainSeq} WHERE id = ${a.id}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = ${b.chainSeq} WHERE id = ${b.id}`,
  ]);
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: true, count: 7 });
  // Swapping ids instead changes the events' content.
  await t.db.$transaction([
    t.db.$executeRaw`UPDATE "AuditEvent" SET id = -1 WHERE id = ${a.id}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET id = ${a.id} WHERE id = ${b.id}`,
    t.db.$executeRaw`UPDATE "AuditEvent" SET id = ${b.id} WHERE id = -1`,
  ]);
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: false, id: b.id.toString(), problem: "altered", count: 2 });
});

it("detects an inserted event, even one hashed and linked to the event before it", async () => {
  const rows = await writeEvents(6);
  // Places that keep the order change nothing: the chain is its links, not its numbers.
  await t.db.$executeRaw`UPDATE "AuditEvent" SET "chainSeq" = "chainSeq" * 10`;
  expect(await verifyAuditChain({ batchSize: 2 }, t.db)).toMatchObject({ ok: true, count: 7 });
  await t.db.$executeRaw`INSERT INTO "AuditEvent" (id, "actorLabel", action, outcome, "chainSeq", "prevHash")
    VALUES (-5, 'forger', 'account.create', 'SUCCESS', 35, ${rows[2].hash})`;
  await t.db.$executeRaw`UPDATE "AuditEvent" SET hash = seatkeeper_audit_hash("prevHash", "AuditEvent") WHERE id = -5`;
  expect(await verifyAuditChain({ batchSize: 2 }, t.db)).toMatchObject({
    ok: false,
    id: rows[3].id.toString(),
    problem: "missing-or-reordered",
    count: 4,
  });
});

it("leaves an event out of the chain until it is sealed, and the verifier seals what has committed first", async () => {
  await writeEvents(2);
  const written = await t.db.auditEvent.create({ data: { actorLabel: "later", action: "settings.change", outcome: "SUCCESS" } });
  expect(written).toMatchObject({ chainSeq: null, hash: null, prevHash: null });
  expect(await verifyAuditChain({}, t.db)).toEqual({ ok: true, count: 4, startsFrom: "" });
  const sealed = await t.db.auditEvent.findUniqueOrThrow({ where: { id: written.id } });
  expect(sealed.chainSeq).toBe(4n);
  expect(sealed.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(await sealAuditChain(t.db)).toBe(0);
});

it("seals an event once its transaction commits, and an open transaction holds up no other audited write", async () => {
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 10 });
  const other = t.newClient(2);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let inserted!: () => void;
  const insertedEarly = new Promise<void>((resolve) => (inserted = resolve));
  const slow = t.db.$transaction(
    async (tx) => {
      await tx.auditEvent.create({ data: { actorLabel: "slow", action: "settings.change", outcome: "SUCCESS" } });
      inserted();
      await released;
    },
    { timeout: 20_000 },
  );
  await insertedEarly;
  const quick = await Promise.race([
    createAccount({ actor, source: "FORM", account: person(areas.intranet.id) }, other).then(() => "done"),
    new Promise((resolve) => setTimeout(() => resolve("held up"), 5_000)),
  ]);
  // The sealer sees only what has committed: the slow event waits, and nobody waits for it.
  expect(await sealAuditChain(other)).toBe(2);
  release();
  await slow;
  expect(quick).toBe("done");
  expect(await sealAuditChain(other)).toBe(1);
  const rows = await t.db.auditEvent.findMany({ orderBy: { chainSeq: "asc" }, select: { actorLabel: true, id: true } });
  // Chain order is the order they were sealed in: the slow event was inserted before the account's, chained after it.
  expect(rows.map((r) => r.actorLabel)).toEqual(["seed", "chain test", "slow"]);
  expect(rows[2].id < rows[1].id).toBe(true);
  expect(await verifyAuditChain({}, t.db)).toEqual({ ok: true, count: 3, startsFrom: "" });
});

it("seals a backlog larger than one write of seals, in id order, as one chain", async () => {
  await t.db.$executeRaw`INSERT INTO "AuditEvent" ("actorLabel", action, outcome, after)
    SELECT 'backlog', 'account.create', 'SUCCESS', jsonb_build_object('n', g) FROM generate_series(1, ${SEAL_WRITE_BATCH + 7}) g`;
  const total = await t.db.auditEvent.count();
  expect(total).toBeGreaterThan(SEAL_WRITE_BATCH);
  expect(await sealAuditChain(t.db)).toBe(total);
  const [{ inIdOrder }] = await t.db.$queryRaw<{ inIdOrder: boolean }[]>`
    SELECT bool_and(seq_by_id = "chainSeq") AS "inIdOrder"
    FROM (SELECT "chainSeq", row_number() OVER (ORDER BY id) AS seq_by_id FROM "AuditEvent") e`;
  expect(inIdOrder).toBe(true);
  expect(await verifyAuditChain({ batchSize: 4_000 }, t.db)).toEqual({ ok: true, count: total, startsFrom: "" });
});

it("chains the events of one bulk insert in insertion order, after the events committed before", async () => {
  await writeEvents(1);
  await t.db.auditEvent.createMany({
    data: Array.from({ length: 50 }, (_, i) => ({ actorLabel: `bulk ${i}`, action: "account.create", outcome: "SUCCESS" as const })),
  });
  expect(await sealAuditChain(t.db)).toBe(50);
  const rows = await t.db.auditEvent.findMany({ orderBy: { chainSeq: "asc" }, select: { id: true, chainSeq: true } });
  expect(rows.map((r) => r.chainSeq)).toEqual(rows.map((_, i) => BigInt(i + 1)));
  expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((x, y) => (x < y ? -1 : 1)));
  expect(await verifyAuditChain({ batchSize: 16 }, t.db)).toEqual({ ok: true, count: 52, startsFrom: "" });
});

it("keeps one linear chain when 20 audited operations from two processes run at once, each process sealing as they do", async () => {
  const areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 10 });
  const clients = [t.newClient(10), t.newClient(10)];
  let writing = true;
  const sealers = clients.map(async (client) => {
    let sealed = 0;
    while (writing) sealed += await sealAuditChain(client);
    return sealed;
  });
  const created = await Promise.all(
    Array.from({ length: 20 }, (_, i) => createAccount({ actor, source: "FORM", account: person(areas.intranet.id) }, clients[i % 2])),
  );
  await Promise.all(created.map((account, i) => blockAccount({ actor, accountId: account.id }, clients[i % 2])));
  writing = false;
  const sealedWhileWriting = (await Promise.all(sealers)).reduce((a, b) => a + b, 0);
  expect(sealedWhileWriting + (await sealAuditChain(t.db))).toBe(41);
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

it("skips its turn without waiting while another session seals, and fails as a whole if an event was sealed meanwhile", async () => {
  await writeEvents(1);
  await t.db.auditEvent.create({ data: { actorLabel: "pending", action: "settings.change", outcome: "SUCCESS" } });
  const other = t.newClient(2);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const lockedEarly = new Promise<void>((resolve) => (locked = resolve));
  const holder = t.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(1588002818)`;
      locked();
      await released;
    },
    { timeout: 20_000 },
  );
  await lockedEarly;
  expect(await sealAuditChain(other, { wait: false })).toBe(0);
  release();
  await holder;
  expect(await sealAuditChain(other, { wait: false })).toBe(1);
  // The write step refuses a batch naming an event that has a place already: nothing is written.
  const [sealed] = await t.db.auditEvent.findMany({ where: { actorLabel: "pending" } });
  await expect(
    t.db.$queryRaw`SELECT seatkeeper_write_audit_seals(ARRAY[${sealed.id}]::bigint[], ARRAY[99]::bigint[], ARRAY['x'], ARRAY['y'])`,
  ).rejects.toThrow(/changed while being sealed/);
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: true, count: 3 });
});
