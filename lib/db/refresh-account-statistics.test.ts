import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { bulkCreateAccounts } from "../licensing";
import { refreshAccountStatistics } from "./refresh-account-statistics";

const actor = { id: null, label: "test" };
let t: TestDatabase;
let intranet: string;

beforeAll(async () => {
  t = await createTestDatabase();
  intranet = (await createSite(t.db, { maxUsers: 100_000, maxExtranetUsers: 10 })).intranet.id;
});
afterAll(() => t.close());

async function analysedRows(): Promise<number> {
  const [row] = await t.db.$queryRaw<{ n: number }[]>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = '"Account"'::regclass`;
  return row.n;
}

function people(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    username: `stat${from + i}`,
    email: `stat${from + i}@example.test`,
    givenName: "Stat",
    familyName: `Person${from + i}`,
    areaId: intranet,
    active: true,
  }));
}

it("leaves small changes to autovacuum, even on a table never analysed", async () => {
  expect(await analysedRows()).toBe(-1);
  expect(await refreshAccountStatistics(999, t.db)).toBe(false);
  expect(await analysedRows()).toBe(-1);
});

it("analyses after a bulk load, in bulkCreateAccounts once its transaction is over", async () => {
  for (const [from, count] of [
    [0, 5000],
    [5000, 5000],
    [10_000, 2000],
  ]) {
    expect(await bulkCreateAccounts({ actor, source: "IMPORT", accounts: people(from, count) }, t.db)).toBe(count);
    expect(await analysedRows()).toBe(from + count);
  }
});

it("analyses again only when the change reaches a tenth of the rows last analysed", async () => {
  await t.db.account.createMany({
    data: people(12_000, 1000).map(({ active: _, ...p }) => ({ ...p, state: "ACTIVE" as const, source: "IMPORT" as const })),
  });
  expect(await refreshAccountStatistics(1000, t.db)).toBe(false);
  expect(await analysedRows()).toBe(12_000);
  expect(await refreshAccountStatistics(1200, t.db)).toBe(true);
  expect(await analysedRows()).toBe(13_000);
});
