import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import {
  AreaNotFoundError,
  DuplicateAccountError,
  SeatLimitError,
  activateWaitingAccounts,
  blockAccount,
  createAccount,
  type Actor,
} from ".";
import { translateUniqueViolation } from "./transaction";

// createAccount writes the account, its seat and its audit event in one statement: what that
// statement decides on its own (clashes, a missing area, waiting, a concurrent twin).

const directory: Actor = { id: null, label: "directory sync (test)" };

let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 2, maxExtranetUsers: 2 });
});
afterAll(async () => t.close());

beforeEach(async () => {
  await t.db.notification.deleteMany();
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await setSeatLimits(t.db, 2, 2);
});

afterEach(async () => {
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});

describe("createAccount", () => {
  it("returns the committed row with its area and writes the audit event the old transaction wrote", async () => {
    const input = person(areas.partners.id, { externalId: "ext-1", displayName: "Shown Name" });
    const created = await createAccount({ actor: directory, source: "DIRECTORY", whenFull: "wait", account: input }, t.db);
    expect(created).toMatchObject({
      username: input.username,
      displayName: "Shown Name",
      externalId: "ext-1",
      state: "ACTIVE",
      blockedReason: null,
      waitingSince: null,
      source: "DIRECTORY",
      area: { id: areas.partners.id, name: "Partners", pool: "EXTRANET" },
    });
    expect(await t.db.account.findUniqueOrThrow({ where: { id: created.id }, omit: { passwordHash: true } })).toMatchObject({
      username: created.username,
      createdAt: created.createdAt,
      updatedAt: created.updatedAt,
    });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { accountId: created.id } });
    expect(event).toMatchObject({
      action: "account.create",
      outcome: "SUCCESS",
      actorLabel: directory.label,
      pool: "EXTRANET",
      detail: null,
    });
    expect(event.after).toEqual({
      username: input.username,
      state: "ACTIVE",
      blockedReason: null,
      area: "Partners",
      pool: "EXTRANET",
      source: "DIRECTORY",
    });
  });

  it("creates a directory account waiting for a seat when the pool is full, and one blocked on purpose without a seat", async () => {
    for (let i = 0; i < 2; i++) await createAccount({ actor: directory, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
    const waiting = await createAccount(
      { actor: directory, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) },
      t.db,
    );
    expect(waiting).toMatchObject({ state: "BLOCKED", blockedReason: "NO_SEAT" });
    expect(waiting.waitingSince).toBeInstanceOf(Date);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { accountId: waiting.id } });
    expect(event.detail).toBe("No free seat: created blocked, waiting for a seat.");
    expect(event.after).toMatchObject({ state: "BLOCKED", blockedReason: "NO_SEAT" });

    const blocked = await createAccount(
      { actor: directory, source: "DIRECTORY", blocked: { reason: "DIRECTORY" }, account: person(areas.partners.id) },
      t.db,
    );
    expect(blocked).toMatchObject({ state: "BLOCKED", blockedReason: "DIRECTORY", waitingSince: null });
    expect((await t.db.seatPool.findUniqueOrThrow({ where: { pool: "EXTRANET" } })).activeCount).toBe(0);
  });

  it("refuses a clash by external id and an unknown area, writing nothing and taking no seat", async () => {
    await createAccount({ actor: directory, source: "DIRECTORY", account: person(areas.intranet.id, { externalId: "taken" }) }, t.db);
    await expect(
      createAccount({ actor: directory, source: "DIRECTORY", account: person(areas.intranet.id, { externalId: "taken" }) }, t.db),
    ).rejects.toMatchObject({ constructor: DuplicateAccountError, field: "externalId" });
    await expect(createAccount({ actor: directory, source: "DIRECTORY", account: person(randomUUID()) }, t.db)).rejects.toBeInstanceOf(
      AreaNotFoundError,
    );
    expect(await t.db.account.count()).toBe(1);
    expect((await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).activeCount).toBe(1);
  });

  it("refuses with the pool's counts when full and whenFull is refuse", async () => {
    for (let i = 0; i < 2; i++) await createAccount({ actor: directory, source: "FORM", account: person(areas.intranet.id) }, t.db);
    const refused = createAccount({ actor: directory, source: "FORM", account: person(areas.intranet.id) }, t.db);
    await expect(refused).rejects.toBeInstanceOf(SeatLimitError);
    await expect(refused).rejects.toMatchObject({ pool: "PRIMARY", limit: 2, used: 2 });
    expect(await t.db.account.count()).toBe(2);
  });

  it("twenty concurrent creations of the same user name make one account; the others are clear duplicates", async () => {
    const twin = person(areas.intranet.id);
    const clients = [t.db, t.newClient(10)];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        createAccount(
          { actor: directory, source: "DIRECTORY", whenFull: "wait", account: { ...twin, email: `twin${i}@example.test` } },
          clients[i % 2],
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(DuplicateAccountError);
    expect(await t.db.account.count()).toBe(1);
  });

  it("a unique index that fires inside a raw statement reads as a duplicate (the race the statement cannot see)", async () => {
    const first = await createAccount({ actor: directory, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
    const error = await t.db.$executeRaw`
      INSERT INTO "Account" (id, username, email, "givenName", "familyName", "areaId", state, source, "updatedAt")
      VALUES (gen_random_uuid(), ${first.username}, 'x@example.test', 'X', 'Y', ${areas.intranet.id}::uuid, 'BLOCKED', 'FORM', now())`.catch(
      (e: unknown) => e,
    );
    expect(translateUniqueViolation(error)).toBeInstanceOf(DuplicateAccountError);
  });

  it("a directory newcomer waits behind accounts already waiting, even with a seat free; the sync run activates the oldest", async () => {
    const wait = (account: ReturnType<typeof person>) =>
      createAccount({ actor: directory, source: "DIRECTORY", whenFull: "wait", account }, t.db);
    const [first] = [await wait(person(areas.intranet.id)), await wait(person(areas.intranet.id))];
    const older = await wait(person(areas.intranet.id));
    expect(older.blockedReason).toBe("NO_SEAT");
    await blockAccount({ actor: directory, accountId: first.id, reason: "DIRECTORY" }, t.db); // a seat is free now
    const newcomer = await wait(person(areas.intranet.id));
    expect(newcomer).toMatchObject({ state: "BLOCKED", blockedReason: "NO_SEAT" });
    // The other pool has no one waiting: a newcomer there takes its free seat.
    expect((await wait(person(areas.partners.id))).state).toBe("ACTIVE");
    expect((await activateWaitingAccounts({ actor: directory }, t.db)).map((a) => a.id)).toEqual([older.id]);
  });

  it("is prepared once per connection and its plan reused, with the same outcomes after five runs (a generic plan)", async () => {
    const one = t.newClient(1); // one connection: its prepared statements are the ones listed below
    await setSeatLimits(t.db, 7, 2);
    const made = [];
    for (let i = 0; i < 8; i++)
      made.push(await createAccount({ actor: directory, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) }, one));
    const prepared = await one.$queryRaw<{ name: string; generic_plans: bigint; custom_plans: bigint }[]>`
      SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'create-account-%'`;
    expect(prepared).toHaveLength(1);
    expect(Number(prepared[0].generic_plans) + Number(prepared[0].custom_plans)).toBe(8);
    // The seventh and eighth waited for a seat, as unprepared creations would.
    expect(made.map((a) => a.state)).toEqual([...Array(7).fill("ACTIVE"), "BLOCKED"]);
    expect(made[7].blockedReason).toBe("NO_SEAT");
    await expect(
      createAccount({ actor: directory, source: "DIRECTORY", account: { ...person(areas.intranet.id), username: made[0].username } }, one),
    ).rejects.toBeInstanceOf(DuplicateAccountError);
  });
});
