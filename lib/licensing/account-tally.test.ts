import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { processBulkJobs } from "../people/bulk-jobs/process-bulk-jobs";
import { startBulkJob } from "../people/bulk-jobs/start-bulk-job";
import { foldAccountTally, readAccountTally } from "./account-tally";
import {
  blockAccount,
  bulkCreateAccounts,
  createAccount,
  deleteAccount,
  getSeatStatistics,
  moveAccount,
  unblockAccount,
  type Actor,
} from ".";

const system = { id: null, label: "test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;
let admin: Actor & { id: string };

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 1000 });
  const a = await createAccount(
    { actor: system, source: "FORM", account: person(areas.intranet.id, { username: "padmin", isPeopleAdmin: true }) },
    t.db,
  );
  await t.db.account.update({ where: { id: a.id }, data: { lastActiveAt: new Date() } });
  admin = { id: a.id, label: "padmin", roles: { sysadmin: false, peopleAdmin: true } };
});
afterAll(async () => t.close());

/** The tally's groups next to count(*) of the accounts, in the same order. */
async function tallyAndRealCounts() {
  const key = (g: { areaId: string; state: string; waiting: boolean }) => `${g.areaId} ${g.state} ${g.waiting}`;
  const tally = (await readAccountTally(t.db)).map((g) => `${key(g)}: ${g.accounts}`).sort();
  const real = await t.db.$queryRaw<{ areaId: string; state: string; waiting: boolean; accounts: number }[]>`
    SELECT "areaId", state, (state = 'BLOCKED' AND "blockedReason" IS NOT DISTINCT FROM 'NO_SEAT') AS waiting, count(*)::int AS accounts
    FROM "Account" GROUP BY 1, 2, 3`;
  return { tally, real: real.map((g) => `${key(g)}: ${g.accounts}`).sort() };
}

async function expectExact(after: string) {
  const { tally, real } = await tallyAndRealCounts();
  expect(tally, after).toEqual(real);
}

it("equals count(*) after every kind of change to accounts", async () => {
  await expectExact("the site's start");
  const one = await createAccount({ actor: system, source: "FORM", account: person(areas.intranet.id) }, t.db);
  await expectExact("a creation");
  await bulkCreateAccounts(
    {
      actor: system,
      source: "IMPORT",
      accounts: Array.from({ length: 300 }, (_, i) => ({
        ...person(i % 3 ? areas.intranet.id : areas.suppliers.id, { username: `bulk${i}`, email: `bulk${i}@example.test` }),
        active: i % 5 !== 0,
      })),
    },
    t.db,
  );
  await expectExact("a bulk load");
  await blockAccount({ actor: system, accountId: one.id }, t.db);
  await expectExact("a block");
  await unblockAccount({ actor: system, accountId: one.id }, t.db);
  await expectExact("an unblock");
  await moveAccount({ actor: system, accountId: one.id, areaId: areas.partners.id }, t.db);
  await expectExact("an area move");
  // The extranet pool is full: a directory account waits for a seat.
  await setSeatLimits(t.db, 1000, (await t.db.seatPool.findUniqueOrThrow({ where: { pool: "EXTRANET" } })).activeCount);
  const waiting = await createAccount(
    { actor: system, source: "DIRECTORY", whenFull: "wait", account: person(areas.partners.id, { username: "waits" }) },
    t.db,
  );
  expect(waiting.state).toBe("BLOCKED");
  await expectExact("a creation that waits for a seat");
  expect((await getSeatStatistics(t.db)).find((s) => s.pool === "EXTRANET")?.waiting).toBe(1);
  await setSeatLimits(t.db, 1000, 1000);
  await deleteAccount({ actor: system, accountId: waiting.id }, t.db);
  await expectExact("a deletion");
  // Raw SQL the console never runs still counts: the triggers see every statement.
  await t.db.$executeRaw`UPDATE "Account" SET "areaId" = ${areas.partners.id}::uuid WHERE username LIKE 'bulk1%'`;
  await t.db.$executeRaw`UPDATE "Account" SET "blockedReason" = 'NO_SEAT' WHERE state = 'BLOCKED' AND username LIKE 'bulk2%'`;
  await t.db.$executeRaw`UPDATE "Account" SET "lastActiveAt" = now()`;
  await expectExact("bulk updates of area, reason and other columns");
  const rolledBack = t.db.$transaction(async (tx) => {
    await tx.account.deleteMany({ where: { username: { startsWith: "bulk" } } });
    throw new Error("roll back");
  });
  await expect(rolledBack).rejects.toThrow("roll back");
  await expectExact("a rolled-back transaction");
  const job = await startBulkJob({ actor: admin, action: "BLOCK", view: { q: "bulk" } }, t.db);
  while ((await t.db.bulkJob.findUniqueOrThrow({ where: { id: job.id } })).state !== "DONE") await processBulkJobs({ batchSize: 50 }, t.db);
  await expectExact("a bulk job");
  await t.db.account.deleteMany({ where: { username: { startsWith: "bulk2" } } });
  await expectExact("a bulk delete");
  // Statistics read the same tally.
  const real = await t.db.$queryRaw<{ pool: string; blocked: number; waiting: number }[]>`
    SELECT ar.pool, count(*) FILTER (WHERE a.state = 'BLOCKED')::int AS blocked,
      count(*) FILTER (WHERE a.state = 'BLOCKED' AND a."blockedReason" = 'NO_SEAT')::int AS waiting
    FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" GROUP BY ar.pool`;
  for (const s of await getSeatStatistics(t.db)) {
    const r = real.find((x) => x.pool === s.pool);
    expect({ pool: s.pool, blocked: s.blocked, waiting: s.waiting }).toEqual({
      pool: s.pool,
      blocked: r?.blocked ?? 0,
      waiting: r?.waiting ?? 0,
    });
  }
});

it("stays exact while two processes write at once, and folds its rows into one per group", async () => {
  const other = t.newClient();
  await Promise.all(
    [t.db, other].flatMap((client, c) =>
      Array.from({ length: 20 }, (_, i) =>
        createAccount({ actor: system, source: "FORM", account: person(areas.intranet.id, { username: `par${c}x${i}` }) }, client),
      ),
    ),
  );
  await Promise.all([
    foldAccountTally(t.db),
    foldAccountTally(other),
    t.db.account.deleteMany({ where: { username: { startsWith: "par0" } } }),
  ]);
  await expectExact("concurrent creations, deletions and folds");
  await foldAccountTally(t.db);
  const rows = await t.db.accountTally.count();
  expect(rows).toBe((await readAccountTally(t.db)).length);
  await expectExact("a fold");
});
