import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../../test/database";
import { seatCountersAgainstRealCounts } from "../../../test/reconcile";
import { bulkCreateAccounts, createAccount, NotAllowedError, type Actor } from "../../licensing";
import { startSession } from "../../accounts/sessions";
import { bulkJobOutcomesCsv } from "./bulk-job-outcomes";
import { cancelBulkJob } from "./cancel-bulk-job";
import { processBulkJobs } from "./process-bulk-jobs";
import { readBulkJob } from "./read-bulk-jobs";
import { startBulkJob } from "./start-bulk-job";

const system = { id: null, label: "test" };
const DAY = 24 * 60 * 60 * 1000;
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;
let admin: Actor & { id: string };
let root: Actor & { id: string };

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 1000 });
  const make = async (username: string, roles: { isSysadmin: boolean; isPeopleAdmin: boolean }) => {
    const a = await createAccount({ actor: system, source: "FORM", account: person(areas.intranet.id, { username, ...roles }) }, t.db);
    await t.db.account.update({ where: { id: a.id }, data: { lastActiveAt: new Date() } });
    return { id: a.id, label: username, roles: { sysadmin: roles.isSysadmin, peopleAdmin: roles.isPeopleAdmin } };
  };
  root = await make("root", { isSysadmin: true, isPeopleAdmin: true });
  admin = await make("padmin", { isSysadmin: false, isPeopleAdmin: true });
});
afterAll(async () => t.close());
afterEach(async () => {
  await t.db.bulkJob.deleteMany();
  await t.db.account.deleteMany({ where: { username: { notIn: ["root", "padmin"] } } });
  await t.db.account.updateMany({
    where: { username: { in: ["root", "padmin"] } },
    data: { state: "ACTIVE", blockedReason: null, isPeopleAdmin: true },
  });
  await t.db
    .$executeRaw`UPDATE "SeatPool" sp SET "activeCount" = (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE ar.pool = sp.pool AND a.state = 'ACTIVE'), "seatLimit" = 1000`;
});

/** `n` active accounts named `${prefix}0001…`, created long ago and never signed in, fast. */
async function people(prefix: string, n: number, over: { areaId?: string; active?: boolean } = {}) {
  await bulkCreateAccounts(
    {
      actor: system,
      source: "FORM",
      accounts: Array.from({ length: n }, (_, i) => {
        const username = `${prefix}${String(i + 1).padStart(4, "0")}`;
        return {
          username,
          email: `${username}@example.test`,
          givenName: "Bulk",
          familyName: prefix,
          areaId: over.areaId ?? areas.intranet.id,
          active: over.active ?? true,
          passwordHash: null,
        };
      }),
    },
    t.db,
  );
  await t.db.account.updateMany({ where: { username: { startsWith: prefix } }, data: { createdAt: new Date(Date.now() - 400 * DAY) } });
}

async function outcomeLines(jobId: string) {
  let text = "";
  for await (const chunk of (await bulkJobOutcomesCsv(jobId, t.db))!) text += chunk;
  return text
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
}

it("blocks every account a filter matches, in batches, with exact counters, ended sessions and an outcome per account", async () => {
  await people("idle", 45);
  await people("busy", 5);
  await t.db.account.updateMany({ where: { username: { startsWith: "busy" } }, data: { lastActiveAt: new Date() } });
  const session = await startSession((await t.db.account.findUniqueOrThrow({ where: { username: "idle0001" } })).id, {}, t.db);
  const before = await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } });

  const job = await startBulkJob({ actor: admin, action: "BLOCK", view: { inactive: "90" } }, t.db);
  // The 45 idle accounts; not the recent ones, nor the administrators (active today).
  expect(job.total).toBe(45);
  expect(job.description).toBe("inactive for more than 90 days");
  // Created after the start: not part of the job.
  await people("late", 3);

  expect(await processBulkJobs({ batchSize: 20, maxBatches: 1 }, t.db)).toBe(1);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "RUNNING", total: 45, processed: 20, done: 20 });
  expect(await processBulkJobs({ batchSize: 20 }, t.db)).toBe(2);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "DONE", processed: 45, done: 45, refused: 0, unchanged: 0 });

  const blocked = await t.db.account.findMany({ where: { state: "BLOCKED" }, select: { username: true, blockedReason: true } });
  expect(blocked.map((a) => a.username).sort()).toEqual(Array.from({ length: 45 }, (_, i) => `idle${String(i + 1).padStart(4, "0")}`));
  expect(blocked.every((a) => a.blockedReason === "ADMIN")).toBe(true);
  expect((await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).activeCount).toBe(before.activeCount - 45 + 3);
  for (const c of await seatCountersAgainstRealCounts(t.db)) expect(c.counter).toBe(c.real);
  expect((await t.db.session.findUniqueOrThrow({ where: { id: session.id } })).endedWhy).toBe("blocked");
  expect(await t.db.auditEvent.count({ where: { action: "account.block", actorId: admin.id } })).toBe(45);
  expect(await t.db.auditEvent.count({ where: { action: "bulk.start" } })).toBe(1);

  const lines = await outcomeLines(job.id);
  expect(lines[0]).toBe("User name,Outcome,Message,Processed at (UTC)");
  expect(lines).toHaveLength(46);
  expect(lines[1]).toMatch(/^idle0001,Done,Blocked: its seat is free\.,\d{4}-\d\d-\d\dT/);

  // Blocking them again changes nothing, and says so.
  const again = await startBulkJob({ actor: admin, action: "BLOCK", view: { state: "blocked" } }, t.db);
  await processBulkJobs({}, t.db);
  expect(await readBulkJob(again.id, t.db)).toMatchObject({ state: "DONE", unchanged: 45, done: 0 });
});

it("keeps the guard rails for each account: not oneself, a sysadmin only by a sysadmin, never the last administrator", async () => {
  await people("crowd", 4);
  // padmin blocks everyone: root (a sysadmin: refused), padmin (itself: refused), the crowd (done).
  const job = await startBulkJob({ actor: admin, action: "BLOCK", view: {} }, t.db);
  expect(job.total).toBe(6);
  await processBulkJobs({}, t.db);
  const lines = await outcomeLines(job.id);
  expect(lines.find((l) => l.startsWith("padmin,"))).toMatch(/^padmin,Refused,You cannot block your own account\./);
  expect(lines.find((l) => l.startsWith("root,"))).toMatch(/^root,Refused,root is a sysadmin: only a sysadmin may block/);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ done: 4, refused: 2 });

  // root blocks the People administrators: padmin goes, root is the last one and stays.
  const second = await startBulkJob({ actor: root, action: "BLOCK", view: { state: "active" } }, t.db);
  await processBulkJobs({}, t.db);
  expect(await readBulkJob(second.id, t.db)).toMatchObject({ done: 1, refused: 1 });
  expect((await outcomeLines(second.id)).find((l) => l.startsWith("root,"))).toMatch(/You cannot block your own account/);
  for (const c of await seatCountersAgainstRealCounts(t.db)) expect(c.counter).toBe(c.real);
});

it("unblocks while seats last, in the job's order, and refuses (and audits) the rest", async () => {
  await people("back", 10, { active: false });
  await t.db.account.updateMany({ where: { username: { startsWith: "back" } }, data: { blockedReason: "ADMIN" } });
  const used = (await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).activeCount;
  await t.db.seatPool.update({ where: { pool: "PRIMARY" }, data: { seatLimit: used + 6 } });

  const job = await startBulkJob({ actor: admin, action: "UNBLOCK", view: { q: "back" } }, t.db);
  await processBulkJobs({ batchSize: 4 }, t.db);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "DONE", done: 6, refused: 4 });
  const active = await t.db.account.findMany({
    where: { username: { startsWith: "back" }, state: "ACTIVE" },
    orderBy: { username: "asc" },
  });
  expect(active.map((a) => a.username)).toEqual(["back0001", "back0002", "back0003", "back0004", "back0005", "back0006"]);
  const pool = await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } });
  expect(pool.activeCount).toBe(pool.seatLimit);
  expect((await outcomeLines(job.id))[10]).toMatch(
    /^back0010,Refused,"No free seat in the primary area \(Max_Users\): \d+ of \d+ licenses are in use\./,
  );
  expect(await t.db.auditEvent.count({ where: { action: "account.unblock", outcome: "REFUSED" } })).toBe(4);
  // The pool became full: its administrators were told once.
  expect(await t.db.notification.count({ where: { kind: "POOL_FULL" } })).toBeGreaterThan(0);
  for (const c of await seatCountersAgainstRealCounts(t.db)) expect(c.counter).toBe(c.real);
});

it("deletes a filter only when the number of matching accounts is typed", async () => {
  await people("gone", 7, { areaId: areas.partners.id });
  const view = { area: areas.partners.id };
  await expect(startBulkJob({ actor: admin, action: "DELETE", view, confirmation: "6" }, t.db)).rejects.toThrow(
    new NotAllowedError("Type the number of matching accounts, 7, to confirm the deletion."),
  );
  await expect(startBulkJob({ actor: admin, action: "DELETE", view }, t.db)).rejects.toThrow(/Type the number/);
  expect(await t.db.bulkJob.count()).toBe(0);
  const job = await startBulkJob({ actor: admin, action: "DELETE", view, confirmation: "7" }, t.db);
  expect(job.description).toBe("in Partners");
  await processBulkJobs({}, t.db);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "DONE", done: 7 });
  expect(await t.db.account.count({ where: { areaId: areas.partners.id } })).toBe(0);
  expect((await t.db.seatPool.findUniqueOrThrow({ where: { pool: "EXTRANET" } })).activeCount).toBe(0);
  // The outcome file keeps the deleted accounts' names.
  expect((await outcomeLines(job.id))[7]).toMatch(/^gone0007,Done,Deleted: its seat is free\./);
});

it("refuses an empty filter", async () => {
  await expect(startBulkJob({ actor: admin, action: "BLOCK", view: { q: "nobody-is-called-this" } }, t.db)).rejects.toThrow(
    /No account matches this view/,
  );
});

it("stops at the batch in progress when cancelled, and lists what it did not process", async () => {
  await people("stop", 30);
  const job = await startBulkJob({ actor: admin, action: "BLOCK", view: { q: "stop" } }, t.db);
  await processBulkJobs({ batchSize: 10, maxBatches: 1 }, t.db);
  await cancelBulkJob({ actor: admin, jobId: job.id }, t.db);
  expect(await processBulkJobs({ batchSize: 10 }, t.db)).toBe(0);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "CANCELLED", processed: 10, stopReason: "Cancelled by padmin." });
  expect(await t.db.account.count({ where: { username: { startsWith: "stop" }, state: "BLOCKED" } })).toBe(10);
  const lines = await outcomeLines(job.id);
  expect(lines[11]).toBe("stop0011,Not processed,Not processed: the job was cancelled.,");
  await expect(cancelBulkJob({ actor: admin, jobId: job.id }, t.db)).rejects.toThrow(/not running any more \(cancelled\)/);
});

it("stops when its starter is no longer a People administrator", async () => {
  await people("orphan", 12);
  const job = await startBulkJob({ actor: admin, action: "BLOCK", view: { q: "orphan" } }, t.db);
  await processBulkJobs({ batchSize: 5, maxBatches: 1 }, t.db);
  await t.db.account.update({ where: { id: admin.id }, data: { isPeopleAdmin: false } });
  await processBulkJobs({ batchSize: 5 }, t.db);
  const read = await readBulkJob(job.id, t.db);
  expect(read).toMatchObject({ state: "FAILED", processed: 5 });
  expect(read!.stopReason).toMatch(/padmin is no longer an active People administrator/);
});

it("shares one job between two processes without processing any account twice", async () => {
  await people("pair", 300);
  const job = await startBulkJob({ actor: admin, action: "BLOCK", view: { q: "pair" } }, t.db);
  const [a, b] = [t.newClient(4), t.newClient(4)];
  const [batchesA, batchesB] = await Promise.all([processBulkJobs({ batchSize: 10 }, a), processBulkJobs({ batchSize: 10 }, b)]);
  expect(batchesA + batchesB).toBe(30);
  // Both processes did part of the work (each claims what the other has not locked).
  expect(Math.min(batchesA, batchesB)).toBeGreaterThan(0);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "DONE", done: 300 });
  const events = await t.db.auditEvent.groupBy({
    by: ["accountId"],
    where: { action: "account.block", accountLabel: { startsWith: "pair" } },
    _count: { _all: true },
  });
  expect(events).toHaveLength(300);
  expect(events.every((e) => e._count._all === 1)).toBe(true);
  for (const c of await seatCountersAgainstRealCounts(t.db)) expect(c.counter).toBe(c.real);
});

it("refreshes the planner's statistics when a large job finishes", async () => {
  await people("stats", 1200, { active: false });
  await t.db.$executeRawUnsafe(`ANALYZE "Account"`);
  const analysed = async () =>
    (await t.db.$queryRaw<{ at: Date | null }[]>`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'Account'`)[0].at;
  const before = await analysed();
  const job = await startBulkJob({ actor: admin, action: "DELETE", view: { q: "stats" }, confirmation: "1200" }, t.db);
  await processBulkJobs({}, t.db);
  expect(await readBulkJob(job.id, t.db)).toMatchObject({ state: "DONE", done: 1200 });
  // The statistics collector reports with a short delay.
  await expect.poll(async () => (await analysed())?.getTime() ?? 0, { timeout: 5000 }).toBeGreaterThan(before!.getTime());
});
