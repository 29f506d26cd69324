import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase, setSeatLimits } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import {
  AccountNotFoundError,
  AreaNotFoundError,
  DuplicateAccountError,
  InvalidInputError,
  SeatLimitError,
  blockAccount,
  createAccount,
  deleteAccount,
  getSeatStatistics,
  moveAccount,
  unblockAccount,
  type Actor,
} from ".";

const admin: Actor = { id: null, label: "test admin" };

let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  // Each pool has 3 seats; tests fill and free them.
  areas = await createSite(t.db, { maxUsers: 3, maxExtranetUsers: 3 });
});
afterAll(async () => t.close());

beforeEach(async () => {
  await t.db.notification.deleteMany();
  await t.db.account.deleteMany();
  await t.db.auditEvent.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await setLimits(3, 3);
});

afterEach(async () => {
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});

import { afterEach } from "vitest";

const setLimits = (maxUsers: number, maxExtranetUsers: number) => setSeatLimits(t.db, maxUsers, maxExtranetUsers);

async function stats(pool: "PRIMARY" | "EXTRANET") {
  return (await getSeatStatistics(t.db)).find((s) => s.pool === pool)!;
}

const pools = [
  { pool: "PRIMARY" as const, area: () => areas.intranet.id, otherArea: () => areas.partners.id },
  { pool: "EXTRANET" as const, area: () => areas.partners.id, otherArea: () => areas.intranet.id },
];

describe.each(pools)("the $pool pool", ({ pool, area, otherArea }) => {
  async function fill() {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createAccount({ actor: admin, source: "FORM", account: person(area()) }, t.db));
    return made;
  }

  it("creates active accounts while seats are free and counts them as used", async () => {
    const account = await createAccount({ actor: admin, source: "FORM", account: person(area()) }, t.db);
    expect(account.state).toBe("ACTIVE");
    expect(await stats(pool)).toMatchObject({ limit: 3, used: 1, remaining: 2, overBy: 0 });
  });

  it("refuses creation when full, writes nothing, names the pool and the ways out, and audits the refusal", async () => {
    await fill();
    const before = await t.db.account.count();
    const attempt = person(area());
    const error = await createAccount({ actor: admin, source: "FORM", account: attempt }, t.db).catch((e) => e);
    expect(error).toBeInstanceOf(SeatLimitError);
    expect(error).toMatchObject({ pool, limit: 3, used: 3 });
    expect(error.message).toMatch(pool === "PRIMARY" ? /Max_Users/ : /Max_extranet_users/);
    expect(error.message).toMatch(/block or delete/i);
    expect(error.message).toMatch(/request more licenses/i);
    expect(await t.db.account.count()).toBe(before);
    expect(await t.db.account.findUnique({ where: { username: attempt.username } })).toBeNull();
    const refusal = await t.db.auditEvent.findFirst({ where: { action: "account.create", outcome: "REFUSED" } });
    expect(refusal).toMatchObject({ accountLabel: attempt.username, pool, actorLabel: "test admin" });
  });

  it("blocking frees the seat at once and keeps the account's data", async () => {
    const [first] = await fill();
    const { account } = await blockAccount({ actor: admin, accountId: first.id }, t.db);
    expect(account).toMatchObject({ state: "BLOCKED", blockedReason: "ADMIN", email: first.email });
    expect(await stats(pool)).toMatchObject({ used: 2, remaining: 1, blocked: 1 });
    const next = await createAccount({ actor: admin, source: "FORM", account: person(area()) }, t.db);
    expect(next.state).toBe("ACTIVE");
  });

  it("refuses to unblock when the pool is full, and unblocks once a seat is free", async () => {
    const [first, second] = await fill();
    await blockAccount({ actor: admin, accountId: first.id }, t.db);
    await createAccount({ actor: admin, source: "FORM", account: person(area()) }, t.db); // takes the freed seat
    const error = await unblockAccount({ actor: admin, accountId: first.id }, t.db).catch((e) => e);
    expect(error).toBeInstanceOf(SeatLimitError);
    expect((await t.db.account.findUniqueOrThrow({ where: { id: first.id } })).state).toBe("BLOCKED");
    expect(await t.db.auditEvent.count({ where: { action: "account.unblock", outcome: "REFUSED", accountId: first.id } })).toBe(1);

    await blockAccount({ actor: admin, accountId: second.id }, t.db);
    const { account } = await unblockAccount({ actor: admin, accountId: first.id }, t.db);
    expect(account).toMatchObject({ state: "ACTIVE", blockedReason: null });
    expect(await stats(pool)).toMatchObject({ used: 3, remaining: 0 });
  });

  it("deletes for good and frees the seat of an active account", async () => {
    const [first] = await fill();
    const result = await deleteAccount({ actor: admin, accountId: first.id }, t.db);
    expect(result).toEqual({ username: first.username, freedSeat: true });
    expect(await t.db.account.findUnique({ where: { id: first.id } })).toBeNull();
    expect(await stats(pool)).toMatchObject({ used: 2, remaining: 1 });
    await expect(deleteAccount({ actor: admin, accountId: first.id }, t.db)).rejects.toBeInstanceOf(AccountNotFoundError);
    await expect(unblockAccount({ actor: admin, accountId: first.id }, t.db)).rejects.toBeInstanceOf(AccountNotFoundError);
    await expect(blockAccount({ actor: admin, accountId: first.id }, t.db)).rejects.toBeInstanceOf(AccountNotFoundError);
  });

  it("deleting a blocked account frees nothing", async () => {
    const [first] = await fill();
    await blockAccount({ actor: admin, accountId: first.id }, t.db);
    expect(await deleteAccount({ actor: admin, accountId: first.id }, t.db)).toMatchObject({ freedSeat: false });
    expect(await stats(pool)).toMatchObject({ used: 2, blocked: 0 });
  });

  it("moving an active account into this pool needs a free seat here", async () => {
    await fill();
    const mover = await createAccount({ actor: admin, source: "FORM", account: person(otherArea()) }, t.db);
    const error = await moveAccount({ actor: admin, accountId: mover.id, areaId: area() }, t.db).catch((e) => e);
    expect(error).toBeInstanceOf(SeatLimitError);
    expect(error.pool).toBe(pool);
    expect((await t.db.account.findUniqueOrThrow({ where: { id: mover.id } })).areaId).toBe(otherArea());
    expect(await t.db.auditEvent.count({ where: { action: "account.move", outcome: "REFUSED" } })).toBe(1);
  });

  it("moving an active account out of this pool frees its seat and takes one in the other pool", async () => {
    const [first] = await fill();
    await moveAccount({ actor: admin, accountId: first.id, areaId: otherArea() }, t.db);
    const otherPool = pool === "PRIMARY" ? "EXTRANET" : "PRIMARY";
    expect(await stats(pool)).toMatchObject({ used: 2 });
    expect(await stats(otherPool)).toMatchObject({ used: 1 });
  });

  it("lowering the limit below use blocks nobody, shows the overage and refuses new activations", async () => {
    const made = await fill();
    await setLimits(pool === "PRIMARY" ? 1 : 3, pool === "EXTRANET" ? 1 : 3);
    expect(await t.db.account.count({ where: { state: "ACTIVE", id: { in: made.map((m) => m.id) } } })).toBe(3);
    expect(await stats(pool)).toMatchObject({ limit: 1, used: 3, remaining: 0, overBy: 2 });
    await expect(createAccount({ actor: admin, source: "FORM", account: person(area()) }, t.db)).rejects.toBeInstanceOf(SeatLimitError);
    // Two blocks still leave the pool at its limit: activations stay refused until use is under it.
    await blockAccount({ actor: admin, accountId: made[0].id }, t.db);
    await blockAccount({ actor: admin, accountId: made[1].id }, t.db);
    await expect(unblockAccount({ actor: admin, accountId: made[0].id }, t.db)).rejects.toBeInstanceOf(SeatLimitError);
    await blockAccount({ actor: admin, accountId: made[2].id }, t.db);
    expect((await unblockAccount({ actor: admin, accountId: made[0].id }, t.db)).account.state).toBe("ACTIVE");
  });

  it("directory-style creation when full creates the profile blocked for lack of a seat", async () => {
    await fill();
    const account = await createAccount({ actor: admin, source: "DIRECTORY", whenFull: "wait", account: person(area()) }, t.db);
    expect(account).toMatchObject({ state: "BLOCKED", blockedReason: "NO_SEAT" });
    expect(account.waitingSince).toBeInstanceOf(Date);
    expect(await stats(pool)).toMatchObject({ used: 3, blocked: 1, waiting: 1 });
  });
});

describe("audit trail", () => {
  it("records who, what, when and before/after for every seat change", async () => {
    const account = await createAccount({ actor: admin, source: "FORM", account: person(areas.intranet.id) }, t.db);
    await blockAccount({ actor: admin, accountId: account.id }, t.db);
    await unblockAccount({ actor: admin, accountId: account.id }, t.db);
    await moveAccount({ actor: admin, accountId: account.id, areaId: areas.suppliers.id }, t.db);
    await deleteAccount({ actor: admin, accountId: account.id }, t.db);
    const events = await t.db.auditEvent.findMany({ where: { accountId: account.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["account.create", "account.block", "account.unblock", "account.move", "account.delete"]);
    for (const e of events) {
      expect(e.actorLabel).toBe("test admin");
      expect(e.outcome).toBe("SUCCESS");
      expect(e.at).toBeInstanceOf(Date);
    }
    expect(events[1].before).toMatchObject({ state: "ACTIVE" });
    expect(events[1].after).toMatchObject({ state: "BLOCKED", blockedReason: "ADMIN" });
    expect(events[3].before).toMatchObject({ area: "Intranet", pool: "PRIMARY" });
    expect(events[3].after).toMatchObject({ area: "Suppliers", pool: "EXTRANET" });
    expect(events[4].after).toBeNull();
  });

  it("records license changes with the limits before and after", async () => {
    await setLimits(7, 2);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "license.apply" }, orderBy: { id: "desc" } });
    expect(event.before).toMatchObject({ maxUsers: 3, maxExtranetUsers: 3 });
    expect(event.after).toMatchObject({ maxUsers: 7, maxExtranetUsers: 2 });
  });
});

describe("bad input", () => {
  it("refuses duplicates by user name (case-insensitive) and e-mail, writing nothing", async () => {
    const first = await createAccount({ actor: admin, source: "FORM", account: person(areas.intranet.id) }, t.db);
    const byName = await createAccount(
      { actor: admin, source: "FORM", account: person(areas.intranet.id, { username: first.username.toUpperCase() }) },
      t.db,
    ).catch((e) => e);
    expect(byName).toBeInstanceOf(DuplicateAccountError);
    expect(byName.field).toBe("username");
    const byEmail = await createAccount(
      { actor: admin, source: "FORM", account: person(areas.intranet.id, { email: first.email }) },
      t.db,
    ).catch((e) => e);
    expect(byEmail).toMatchObject({ field: "email" });
    expect(await stats("PRIMARY")).toMatchObject({ used: 1 });
  });

  it("says which fields are wrong", async () => {
    const error = await createAccount(
      { actor: admin, source: "FORM", account: { ...person(areas.intranet.id), email: "not-an-email", givenName: "" } },
      t.db,
    ).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["email", "givenName"]);
  });

  it("refuses an unknown area and unknown or malformed account ids", async () => {
    await expect(
      createAccount({ actor: admin, source: "FORM", account: person("5b0e7c52-4c56-4a4e-9d4e-3a7c2b1e0f00") }, t.db),
    ).rejects.toBeInstanceOf(AreaNotFoundError);
    await expect(blockAccount({ actor: admin, accountId: "nope" }, t.db)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(unblockAccount({ actor: admin, accountId: "5b0e7c52-4c56-4a4e-9d4e-3a7c2b1e0f00" }, t.db)).rejects.toBeInstanceOf(
      AccountNotFoundError,
    );
    expect(await stats("PRIMARY")).toMatchObject({ used: 0 });
  });
});

describe("pool full notifications", () => {
  it("tells every People administrator once each time a pool becomes full, not per refused attempt", async () => {
    await setLimits(20, 3);
    const peopleAdmin = await createAccount(
      { actor: admin, source: "SEED", account: person(areas.intranet.id, { isPeopleAdmin: true }) },
      t.db,
    );
    const other = await createAccount({ actor: admin, source: "SEED", account: person(areas.intranet.id, { isPeopleAdmin: true }) }, t.db);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createAccount({ actor: admin, source: "FORM", account: person(areas.partners.id) }, t.db));
    for (let i = 0; i < 3; i++)
      await createAccount({ actor: admin, source: "FORM", account: person(areas.partners.id) }, t.db).catch(() => null);
    const full = () => t.db.notification.count({ where: { kind: "POOL_FULL", pool: "EXTRANET", recipientId: peopleAdmin.id } });
    expect(await full()).toBe(1);
    expect(await t.db.notification.count({ where: { kind: "POOL_FULL", recipientId: other.id } })).toBe(1);
    // Free a seat and fill it again: that is a second time the pool becomes full.
    await blockAccount({ actor: admin, accountId: made[0].id }, t.db);
    await createAccount({ actor: admin, source: "FORM", account: person(areas.partners.id) }, t.db);
    expect(await full()).toBe(2);
  });

  it("warns once when a pool crosses the threshold", async () => {
    await setLimits(10, 3);
    const peopleAdmin = await createAccount(
      { actor: admin, source: "SEED", account: person(areas.intranet.id, { isPeopleAdmin: true }) },
      t.db,
    );
    for (let i = 0; i < 9; i++) await createAccount({ actor: admin, source: "FORM", account: person(areas.intranet.id) }, t.db);
    const warnings = await t.db.notification.findMany({ where: { recipientId: peopleAdmin.id, pool: "PRIMARY" } });
    expect(warnings.map((w) => w.kind)).toEqual(["POOL_NEAR_FULL", "POOL_FULL"]);
  });
});
