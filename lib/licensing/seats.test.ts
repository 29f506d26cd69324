import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { sealAuditChain } from "../audit/seal-audit-chain";
import { lockAccount } from "./account-lock";
import { activateLockedAccount } from "./activate-account";
import { SeatLimitError } from "./errors";
import { applyDirectoryActiveState, createAccount } from ".";

// takeSeat is the last statement of its transaction and writes what goes with the seat itself:
// these tests look at what that one statement writes, and at what a refusal leaves locked.

const actor = { id: null, label: "seat test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 2, maxExtranetUsers: 0 });
});
afterAll(async () => {
  await t.close();
});

const miscounted = async () => (await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real);
// In chain order once sealed: these tests write one after the other, so it is the order they were written in.
const eventsOf = async (accountId: string) => {
  await sealAuditChain(t.db);
  return t.db.auditEvent.findMany({
    where: { accountId },
    orderBy: { chainSeq: "asc" },
    select: { action: true, outcome: true, after: true, detail: true },
  });
};

it("an activation is one statement: the seat, the account and its audit event, with the time it returns", async () => {
  const waiting = await createAccount(
    { actor, source: "DIRECTORY", blocked: { reason: "DIRECTORY" }, account: person(areas.intranet.id) },
    t.db,
  );
  const activated = await t.db.$transaction(async (tx) =>
    activateLockedAccount(tx, { before: await lockAccount(tx, waiting.id), actor, action: "account.unblock" }),
  );
  const stored = await t.db.account.findUniqueOrThrow({ where: { id: waiting.id } });
  expect(stored).toMatchObject({ state: "ACTIVE", blockedReason: null, blockedAt: null, waitingSince: null });
  expect(stored.updatedAt).toEqual(activated.updatedAt);
  expect(activated).toMatchObject({ state: "ACTIVE", username: waiting.username, area: { id: areas.intranet.id } });
  expect(await eventsOf(waiting.id)).toEqual([
    expect.objectContaining({ action: "account.create", outcome: "SUCCESS" }),
    expect.objectContaining({
      action: "account.unblock",
      outcome: "SUCCESS",
      after: expect.objectContaining({ state: "ACTIVE", username: waiting.username, pool: "PRIMARY" }),
    }),
  ]);
  expect(await miscounted()).toEqual([]);
});

it("a creation with a free seat writes its event with the seat; without one it waits and writes only the waiting event", async () => {
  const active = await createAccount({ actor, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) }, t.db);
  expect(active.state).toBe("ACTIVE");
  expect(await eventsOf(active.id)).toEqual([
    expect.objectContaining({
      action: "account.create",
      outcome: "SUCCESS",
      detail: null,
      after: expect.objectContaining({ state: "ACTIVE" }),
    }),
  ]);
  const waiting = await createAccount({ actor, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) }, t.db);
  expect(waiting).toMatchObject({ state: "BLOCKED", blockedReason: "NO_SEAT" });
  expect(await eventsOf(waiting.id)).toEqual([
    expect.objectContaining({
      action: "account.create",
      after: expect.objectContaining({ state: "BLOCKED", blockedReason: "NO_SEAT" }),
      detail: "No free seat: created blocked, waiting for a seat.",
    }),
  ]);
  expect(await miscounted()).toEqual([]);
});

it("a refused activation changes nothing and holds no lock on the pool row while its refusal is written", async () => {
  const blocked = await createAccount(
    { actor, source: "DIRECTORY", blocked: { reason: "DIRECTORY" }, account: person(areas.intranet.id) },
    t.db,
  );
  const pool = await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } });
  expect(pool.activeCount).toBe(pool.seatLimit);
  const other = t.newClient(1);
  let refusedThen!: (error: unknown) => void;
  const refused = new Promise<unknown>((resolve) => (refusedThen = resolve));
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const open = t.db.$transaction(
    async (tx) => {
      const before = await lockAccount(tx, blocked.id);
      await activateLockedAccount(tx, { before, actor, action: "account.unblock" }).catch(refusedThen);
      await finished; // the transaction stays open, as while a refusal is being written
    },
    { timeout: 20_000 },
  );
  expect(await refused).toBeInstanceOf(SeatLimitError);
  expect(await refused).toMatchObject({ used: pool.activeCount, limit: pool.seatLimit });
  // Another process can lock the pool row at once: the refusal took no lock on it.
  const locked = await other.$transaction(
    async (tx) => tx.$queryRaw<{ pool: string }[]>`SELECT pool::text FROM "SeatPool" WHERE pool = 'PRIMARY' FOR UPDATE NOWAIT`,
  );
  expect(locked).toEqual([{ pool: "PRIMARY" }]);
  finish();
  await open;
  expect(await t.db.account.findUniqueOrThrow({ where: { id: blocked.id }, select: { state: true } })).toEqual({ state: "BLOCKED" });
  expect(await eventsOf(blocked.id)).toHaveLength(1); // its creation only
  // Through the directory rule the refusal is written in the same transaction: the account waits.
  await applyDirectoryActiveState({ actor, accountId: blocked.id, active: true }, t.db);
  expect(await t.db.account.findUniqueOrThrow({ where: { id: blocked.id }, select: { blockedReason: true } })).toEqual({
    blockedReason: "NO_SEAT",
  });
  expect(await miscounted()).toEqual([]);
});
