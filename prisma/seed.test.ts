import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database";
import { getActiveAccountSummary, getSeatStatistics } from "../lib/licensing";
import { seedDemoData } from "./seed";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

it("reproduces the help page's example and does not duplicate it when run again", async () => {
  expect((await seedDemoData(t.db)).created).toBeGreaterThan(60);
  const summary = await getActiveAccountSummary(t.db);
  expect(summary).toEqual({ totalActive: 60, primaryActive: 53, extranetActive: 7 });
  const stats = await getSeatStatistics(t.db);
  expect(stats.find((s) => s.pool === "PRIMARY")).toMatchObject({ limit: 55, used: 53, remaining: 2 });
  expect(stats.find((s) => s.pool === "EXTRANET")).toMatchObject({ limit: 10, used: 7, remaining: 3 });
  expect(stats.reduce((n, s) => n + s.blocked, 0)).toBeGreaterThan(0);
  const accounts = await t.db.account.count();
  expect(await seedDemoData(t.db)).toMatchObject({ created: 0 });
  expect(await t.db.account.count()).toBe(accounts);
  expect(await t.db.license.count()).toBe(1);
});
