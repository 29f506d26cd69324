import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { sealAuditChain } from "../audit/seal-audit-chain";
import { SeatLimitError } from "./errors";
import { queueDirectoryReactivationWhenFull } from "./queue-directory-reactivation";
import { applyDirectoryActiveState, createAccount } from ".";

// The directory re-activates an account it deactivated while the pool is full: one statement
// queues it and writes the two audit events the transactional way writes.

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
    expect(await queueDirectoryReactivationWhenFull(t.db, { actor, accountId: account.id })).toMatchObject({ blockedReason: "NO_SEAT" });
    expect((await eventsOf(account.id))[1].detail).toBe(new SeatLimitError("EXTRANET", 1, 1).message);
  }
});

it("writes nothing when a seat is free (the transaction then takes it) or the account is not the directory's to re-activate", async () => {
  const account = await deactivated(areas.intranet.id);
  expect(await queueDirectoryReactivationWhenFull(t.db, { actor, accountId: account.id })).toBeNull();
  expect(await eventsOf(account.id)).toEqual([]);
  expect((await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, t.db)).account.state).toBe("ACTIVE");

  await fill(areas.intranet.id, 1);
  const byHand = await createAccount({ actor, source: "FORM", blocked: { reason: "ADMIN" }, account: person(areas.intranet.id) }, t.db);
  expect(await queueDirectoryReactivationWhenFull(t.db, { actor, accountId: byHand.id })).toBeNull();
  expect(await applyDirectoryActiveState({ actor, accountId: byHand.id, active: true }, t.db)).toMatchObject({ changed: false });
  expect(await t.db.account.findUniqueOrThrow({ where: { id: byHand.id }, select: { blockedReason: true } })).toEqual({
    blockedReason: "ADMIN",
  });
  expect(await eventsOf(byHand.id)).toEqual([]);
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
  const queued = await queueDirectoryReactivationWhenFull(t.db, { actor, accountId: account.id });
  await unblocking;
  expect(queued).toBeNull();
  expect(await t.db.account.findUniqueOrThrow({ where: { id: account.id }, select: { state: true } })).toEqual({ state: "ACTIVE" });
  expect(await eventsOf(account.id)).toEqual([]);
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});
