import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { sealAuditChain } from "../audit/seal-audit-chain";
import { SeatLimitError } from "./errors";
import { applyDirectoryActiveState, createAccount } from ".";

// The directory wants an account active (directory-activation.ts): one statement takes a free
// seat, or queues the account, or audits the refusal, and writes the events an administrator's
// unblock and a sync run write.

const actor = { id: null, label: "directory (test)" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 2, maxExtranetUsers: 1 });
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0 } });
  await setSeatLimits(t.db, 2, 1);
});

const deactivated = (areaId: string) =>
  createAccount({ actor, source: "DIRECTORY", blocked: { reason: "DIRECTORY" }, account: person(areaId) }, t.db);
const fill = async (areaId: string, seats: number) => {
  for (let i = 0; i < seats; i++) await createAccount({ actor, source: "DIRECTORY", account: person(areaId) }, t.db);
};
// In chain order once sealed: these tests write one after the other, so it is the order they were written in.
const eventsOf = async (accountId: string) => {
  await sealAuditChain(t.db);
  return t.db.auditEvent.findMany({
    where: { accountId, action: { not: "account.create" } },
    orderBy: { chainSeq: "asc" },
    select: { actorLabel: true, action: true, outcome: true, accountLabel: true, pool: true, before: true, after: true, detail: true },
  });
};

it("queues the account and writes the change and the refusal, with the pool's counts in the refusal", async () => {
  await fill(areas.intranet.id, 2);
  const account = await deactivated(areas.intranet.id);
  const applied = await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, t.db);
  expect(applied.changed).toBe(true);
  expect(applied.account).toMatchObject({
    id: account.id,
    state: "BLOCKED",
    blockedReason: "NO_SEAT",
    area: { name: "Intranet", pool: "PRIMARY" },
  });
  expect(applied.account.waitingSince).toBeInstanceOf(Date);
  const stored = await t.db.account.findUniqueOrThrow({ where: { id: account.id } });
  expect(stored).toMatchObject({
    blockedReason: "NO_SEAT",
    waitingSince: applied.account.waitingSince,
    updatedAt: applied.account.updatedAt,
  });
  const snapshot = { username: account.username, state: "BLOCKED", area: "Intranet", pool: "PRIMARY" };
  expect(await eventsOf(account.id)).toEqual([
    {
      actorLabel: actor.label,
      action: "account.block",
      outcome: "SUCCESS",
      accountLabel: account.username,
      pool: "PRIMARY",
      before: { ...snapshot, blockedReason: "DIRECTORY" },
      after: { ...snapshot, blockedReason: "NO_SEAT" },
      detail: "The directory re-activated it, but no seat is free: waiting for a seat.",
    },
    {
      actorLabel: actor.label,
      action: "account.activate_waiting",
      outcome: "REFUSED",
      accountLabel: account.username,
      pool: "PRIMARY",
      before: null,
      after: null,
      detail: new SeatLimitError("PRIMARY", 2, 2).message,
    },
  ]);
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});

it("words the refusal for the extranet pool, and keeps doing so once its plan is generic", async () => {
  await fill(areas.partners.id, 1);
  for (let i = 0; i < 7; i++) {
    const account = await deactivated(areas.partners.id);
    const applied = await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, t.db);
    expect(applied.account).toMatchObject({ blockedReason: "NO_SEAT" });
    expect((await eventsOf(account.id))[1].detail).toBe(new SeatLimitError("EXTRANET", 1, 1).message);
  }
});

it("takes a free seat in the same statement and audits the activation; the pool's level is noted when it fills", async () => {
  await fill(areas.intranet.id, 1);
  const account = await deactivated(areas.intranet.id);
  const applied = await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, t.db);
  expect(applied.changed).toBe(true);
  expect(applied.account).toMatchObject({ id: account.id, state: "ACTIVE", blockedReason: null, blockedAt: null, waitingSince: null });
  expect(await t.db.account.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
    state: "ACTIVE",
    blockedReason: null,
    updatedAt: applied.account.updatedAt,
  });
  const snapshot = { username: account.username, area: "Intranet", pool: "PRIMARY" };
  expect(await eventsOf(account.id)).toEqual([
    {
      actorLabel: actor.label,
      action: "account.unblock",
      outcome: "SUCCESS",
      accountLabel: account.username,
      pool: "PRIMARY",
      before: { ...snapshot, state: "BLOCKED", blockedReason: "DIRECTORY" },
      after: { ...snapshot, state: "ACTIVE", blockedReason: null },
      detail: null,
    },
  ]);
  // It took the last seat: the pool is noted full (the People administrators hear it once).
  expect(await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).toMatchObject({ activeCount: 2, fullNotified: true });
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});

it("activates an account that waits when a seat is free, and only audits the refusal when none is", async () => {
  await fill(areas.intranet.id, 2);
  const waiting = await createAccount({ actor, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) }, t.db);
  expect(waiting.blockedReason).toBe("NO_SEAT");
  const refused = await applyDirectoryActiveState({ actor, accountId: waiting.id, active: true }, t.db);
  expect(refused).toMatchObject({
    changed: false,
    account: { state: "BLOCKED", blockedReason: "NO_SEAT", waitingSince: waiting.waitingSince },
  });
  expect(await eventsOf(waiting.id)).toMatchObject([
    { action: "account.activate_waiting", outcome: "REFUSED", detail: new SeatLimitError("PRIMARY", 2, 2).message },
  ]);

  await setSeatLimits(t.db, 3, 1);
  const activated = await applyDirectoryActiveState({ actor, accountId: waiting.id, active: true }, t.db);
  expect(activated).toMatchObject({ changed: true, account: { state: "ACTIVE", blockedReason: null, waitingSince: null } });
  expect((await eventsOf(waiting.id))[1]).toMatchObject({
    action: "account.activate_waiting",
    outcome: "SUCCESS",
    before: { state: "BLOCKED", blockedReason: "NO_SEAT" },
    after: { state: "ACTIVE", blockedReason: null },
  });
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});

it("leaves an account blocked by hand, an active one and an unknown id alone, writing nothing", async () => {
  await fill(areas.intranet.id, 1);
  const byHand = await createAccount({ actor, source: "FORM", blocked: { reason: "ADMIN" }, account: person(areas.intranet.id) }, t.db);
  expect(await applyDirectoryActiveState({ actor, accountId: byHand.id, active: true }, t.db)).toMatchObject({
    changed: false,
    account: { id: byHand.id, state: "BLOCKED", blockedReason: "ADMIN" },
  });
  const active = await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
  expect(await applyDirectoryActiveState({ actor, accountId: active.id, active: true }, t.db)).toMatchObject({
    changed: false,
    account: { id: active.id, state: "ACTIVE" },
  });
  expect(await eventsOf(byHand.id)).toEqual([]);
  expect(await eventsOf(active.id)).toEqual([]);
  await expect(applyDirectoryActiveState({ actor, accountId: "00000000-0000-4000-8000-000000000000", active: true }, t.db)).rejects.toThrow(
    /No account with id/,
  );
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});

it("loses to a change that holds the account's row: the unblock that got the seat freed first stays", async () => {
  await fill(areas.intranet.id, 1);
  const first = await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
  const account = await deactivated(areas.intranet.id);
  // The pool is full; free a seat and give it to the account inside one transaction that holds its row.
  const unblocking = t.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${account.id}::uuid FOR UPDATE`;
    await new Promise((r) => setTimeout(r, 300));
    await tx.$executeRaw`UPDATE "SeatPool" SET "activeCount" = "activeCount" - 1 WHERE pool = 'PRIMARY'`;
    await tx.$executeRaw`UPDATE "Account" SET state = 'BLOCKED', "blockedReason" = 'ADMIN' WHERE id = ${first.id}::uuid`;
    await tx.$executeRaw`UPDATE "SeatPool" SET "activeCount" = "activeCount" + 1 WHERE pool = 'PRIMARY'`;
    await tx.$executeRaw`UPDATE "Account" SET state = 'ACTIVE', "blockedReason" = NULL WHERE id = ${account.id}::uuid`;
  });
  await new Promise((r) => setTimeout(r, 50));
  const applied = await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, t.db);
  await unblocking;
  expect(applied).toMatchObject({ changed: false, account: { state: "ACTIVE" } });
  expect(await t.db.account.findUniqueOrThrow({ where: { id: account.id }, select: { state: true } })).toEqual({ state: "ACTIVE" });
  expect(await eventsOf(account.id)).toEqual([]);
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});

it("gives each seat once when many re-activations race for the last ones", async () => {
  await fill(areas.intranet.id, 1);
  await setSeatLimits(t.db, 5, 1);
  const accounts = [];
  for (let i = 0; i < 12; i++) accounts.push(await deactivated(areas.intranet.id));
  const applied = await Promise.all(accounts.map((a) => applyDirectoryActiveState({ actor, accountId: a.id, active: true }, t.db)));
  expect(applied.filter((a) => a.account.state === "ACTIVE")).toHaveLength(4);
  expect(applied.filter((a) => a.account.blockedReason === "NO_SEAT")).toHaveLength(8);
  expect(await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).toMatchObject({ activeCount: 5, fullNotified: true });
  // Every refusal says the pool was full, whatever the statement's snapshot showed.
  const refusals = await t.db.auditEvent.findMany({
    where: { accountId: { in: accounts.map((a) => a.id) }, action: "account.activate_waiting", outcome: "REFUSED" },
    select: { detail: true },
  });
  expect(refusals.map((r) => r.detail)).toEqual(Array(8).fill(new SeatLimitError("PRIMARY", 5, 5).message));
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});
