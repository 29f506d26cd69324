import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { InitialLoadError, SeatLimitError, bulkCreateAccounts } from ".";

let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;
const actor = { id: null, label: "bulk" };
const batch = (prefix: string, n: number, areaId: string, active = true) =>
  Array.from({ length: n }, (_, i) => ({
    username: `${prefix}${i}`,
    email: `${prefix}${i}@example.test`,
    givenName: "B",
    familyName: `U${i}`,
    areaId,
    active,
  }));

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 10 });
});
afterAll(async () => t.close());

it("loads a batch, taking its seats in the same transaction", async () => {
  expect(
    await bulkCreateAccounts(
      {
        actor,
        source: "IMPORT",
        accounts: [...batch("a", 600, areas.intranet.id), ...batch("b", 50, areas.intranet.id, false), ...batch("c", 8, areas.partners.id)],
      },
      t.db,
    ),
  ).toBe(658);
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});

it("refuses a whole batch that does not fit, writing nothing", async () => {
  const before = await t.db.account.count();
  await expect(
    bulkCreateAccounts(
      { actor, source: "IMPORT", accounts: [...batch("d", 5, areas.intranet.id), ...batch("e", 3, areas.suppliers.id)] },
      t.db,
    ),
  ).rejects.toBeInstanceOf(SeatLimitError);
  expect(await t.db.account.count()).toBe(before);
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});

it("an initial load builds Account's indexes again after the rows, exactly as they were, and is refused once accounts exist", async () => {
  const fresh = await createTestDatabase();
  try {
    const site = await createSite(fresh.db, { maxUsers: 1000, maxExtranetUsers: 10 });
    const indexes = () =>
      fresh.db.$queryRaw<{ indexdef: string }[]>`SELECT indexdef FROM pg_indexes WHERE tablename = 'Account' ORDER BY indexname`;
    const before = await indexes();
    expect(before.length).toBeGreaterThan(10);
    await expect(
      bulkCreateAccounts(
        {
          actor,
          source: "IMPORT",
          initialLoad: true,
          accounts: [...batch("i", 900, site.intranet.id), ...batch("w", 30, site.partners.id, false)],
        },
        fresh.db,
      ),
    ).resolves.toBe(930);
    expect(await indexes()).toEqual(before);
    for (const row of await seatCountersAgainstRealCounts(fresh.db)) expect(row.counter, row.pool).toBe(row.real);
    // The unique indexes were built again, and hold.
    await expect(bulkCreateAccounts({ actor, source: "IMPORT", accounts: batch("i", 1, site.partners.id) }, fresh.db)).rejects.toThrow();
    await expect(
      bulkCreateAccounts({ actor, source: "IMPORT", initialLoad: true, accounts: batch("j", 2, site.partners.id) }, fresh.db),
    ).rejects.toBeInstanceOf(InitialLoadError);
    expect(await fresh.db.account.count()).toBe(930);
    expect(await indexes()).toEqual(before);
  } finally {
    await fresh.close();
  }
});
