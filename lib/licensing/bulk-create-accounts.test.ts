import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { SeatLimitError, bulkCreateAccounts } from ".";

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
