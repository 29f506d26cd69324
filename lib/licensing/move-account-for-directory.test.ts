import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase, setSeatLimits } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import {
  activateWaitingAccounts,
  blockAccount,
  createAccount,
  moveAccountForDirectory,
  moveAccountsForDirectory,
  unblockAccount,
  type Actor,
} from ".";

// A directory move (group membership decides the area): rule 1 still holds, and when the target
// pool is full the account waits for a seat (rule 4) instead of being refused.

const actor: Actor = { id: null, label: "directory sync (test)" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

const setLimits = (maxUsers: number, maxExtranetUsers: number) => setSeatLimits(t.db, maxUsers, maxExtranetUsers);

const to = (areaId: string | null) => async () => areaId;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 1000 });
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await setLimits(1000, 1000);
});

describe("moveAccountForDirectory", () => {
  it("moves within a pool and between pools, and leaves the account where it is when no area is decided", async () => {
    const a = await createAccount({ actor, source: "DIRECTORY", account: person(areas.partners.id) }, t.db);
    expect(await moveAccountForDirectory({ actor, accountId: a.id, areaFor: to(areas.suppliers.id) }, t.db)).toEqual({ outcome: "moved" });
    expect(await moveAccountForDirectory({ actor, accountId: a.id, areaFor: to(areas.suppliers.id) }, t.db)).toEqual({
      outcome: "unchanged",
    });
    expect(await moveAccountForDirectory({ actor, accountId: a.id, areaFor: to(null) }, t.db)).toEqual({ outcome: "unchanged" });
    expect(await moveAccountForDirectory({ actor, accountId: a.id, areaFor: to(areas.intranet.id) }, t.db)).toEqual({ outcome: "moved" });
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 1, real: 1 },
      { pool: "EXTRANET", counter: 0, real: 0 },
    ]);
  });

  it("under concurrency, over several connection pools, fills the free seats exactly and queues the rest", async () => {
    const movers: { id: string }[] = [];
    for (let i = 0; i < 30; i++) movers.push(await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db));
    await setLimits(1000, 5);
    const clients = [t.newClient(5), t.newClient(5), t.newClient(5)];
    const results = await Promise.all(
      movers.map((m, i) => moveAccountForDirectory({ actor, accountId: m.id, areaFor: to(areas.partners.id) }, clients[i % 3])),
    );
    expect(results.filter((r) => r.outcome === "moved")).toHaveLength(5);
    expect(results.filter((r) => r.outcome === "waiting")).toHaveLength(25);
    expect(await t.db.account.count({ where: { area: { pool: "EXTRANET" }, state: "BLOCKED", blockedReason: "NO_SEAT" } })).toBe(25);
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 5, real: 5 },
    ]);
    expect(
      await t.db.auditEvent.count({ where: { action: "account.move", outcome: "SUCCESS", accountId: { in: movers.map((m) => m.id) } } }),
    ).toBe(30);
    // Seats come: the waiting are activated in the order they started waiting.
    const queue = await t.db.account.findMany({
      where: { blockedReason: "NO_SEAT" },
      orderBy: [{ waitingSince: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    });
    await setLimits(1000, 8);
    const activated = await activateWaitingAccounts({ actor }, t.db);
    expect(activated.map((a) => a.id)).toEqual(queue.slice(0, 3).map((a) => a.id));
  });

  it("moves batches in arrival order beside blocks, unblocks and sync runs, without deadlock, counters exact", async () => {
    const movers: { id: string }[] = [];
    for (let i = 0; i < 120; i++)
      movers.push(await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db));
    await setLimits(1000, 40);
    const [a, b, c] = [t.newClient(5), t.newClient(5), t.newClient(5)];
    const ids = movers.map((m) => m.id);
    const [firstHalf, secondHalf] = await Promise.all([
      moveAccountsForDirectory({ actor, accountIds: ids.slice(0, 60), areaFor: to(areas.partners.id) }, a),
      moveAccountsForDirectory({ actor, accountIds: ids.slice(60), areaFor: to(areas.suppliers.id) }, b),
      (async () => {
        for (const id of ids.filter((_, i) => i % 10 === 0)) {
          await blockAccount({ actor, accountId: id }, c);
          await unblockAccount({ actor, accountId: id }, c).catch(() => undefined); // may be refused: full
          await activateWaitingAccounts({ actor }, c);
        }
      })(),
    ]);
    expect([...firstHalf, ...secondHalf].every((r) => r.outcome !== "refused")).toBe(true);
    expect(await t.db.account.count({ where: { id: { in: ids }, area: { pool: "PRIMARY" } } })).toBe(0);
    expect(await t.db.account.count({ where: { id: { in: ids }, state: "ACTIVE" } })).toBe(40);
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 40, real: 40 },
    ]);
  });

  it("keeps a blocked account blocked, and never sends the last active sysadmin to wait", async () => {
    const blocked = await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
    await blockAccount({ actor, accountId: blocked.id, reason: "DIRECTORY" }, t.db);
    await setLimits(1000, 0);
    expect(await moveAccountForDirectory({ actor, accountId: blocked.id, areaFor: to(areas.partners.id) }, t.db)).toEqual({
      outcome: "moved",
    });
    expect(await t.db.account.findUniqueOrThrow({ where: { id: blocked.id } })).toMatchObject({
      areaId: areas.partners.id,
      state: "BLOCKED",
      blockedReason: "DIRECTORY",
    });

    const sysadmin = await createAccount({ actor, source: "DIRECTORY", account: { ...person(areas.intranet.id), isSysadmin: true } }, t.db);
    const refused = await moveAccountForDirectory({ actor, accountId: sysadmin.id, areaFor: to(areas.partners.id) }, t.db);
    expect(refused).toMatchObject({ outcome: "refused", detail: expect.stringMatching(/last active sysadmin/) });
    expect(await t.db.account.findUniqueOrThrow({ where: { id: sysadmin.id } })).toMatchObject({
      areaId: areas.intranet.id,
      state: "ACTIVE",
    });
    expect(await t.db.auditEvent.count({ where: { action: "account.move", outcome: "REFUSED", accountId: sysadmin.id } })).toBe(1);
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 1, real: 1 },
      { pool: "EXTRANET", counter: 0, real: 0 },
    ]);
  });
});
