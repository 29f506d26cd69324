import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database";
import { getActiveAccountSummary, getSeatStatistics } from "../lib/licensing";
import { getPoolForecasts } from "../lib/history/pool-forecasts";
import { trueUpReport } from "../lib/history/true-up";
import { readSeatDays } from "../lib/history/keep-seat-days";
import { utcDate } from "../lib/format/utc";
import { seedDemoData } from "./seed";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const DAY = 86_400_000;
const daysAgo = (n: number) => utcDate(new Date(Date.now() - n * DAY));

it("reproduces the help page's example and does not duplicate it when run again", async () => {
  expect((await seedDemoData(t.db, { databaseUrl: t.url })).created).toBeGreaterThan(60);
  const summary = await getActiveAccountSummary(t.db);
  expect(summary).toEqual({ totalActive: 60, primaryActive: 53, extranetActive: 7 });
  const stats = await getSeatStatistics(t.db);
  expect(stats.find((s) => s.pool === "PRIMARY")).toMatchObject({ limit: 55, used: 53, remaining: 2 });
  expect(stats.find((s) => s.pool === "EXTRANET")).toMatchObject({ limit: 10, used: 7, remaining: 3 });
  expect(stats.reduce((n, s) => n + s.blocked, 0)).toBeGreaterThan(0);
  const accounts = await t.db.account.count();
  const history = await t.db.seatChange.count();
  expect(await seedDemoData(t.db, { databaseUrl: t.url })).toMatchObject({ created: 0 });
  expect(await t.db.account.count()).toBe(accounts);
  expect(await t.db.license.count()).toBe(1);
  expect(await t.db.license.findUnique({ where: { id: 1 } })).toMatchObject({ licenseId: "DEMO-0001", maxUsers: 55, maxExtranetUsers: 10 });
  expect(await t.db.seatChange.count()).toBe(history);
});

it("gives the demo 18 months of past: waves, a raise, an overage after a lowering, and a forecast", async () => {
  const days = await readSeatDays({ from: daysAgo(600), to: daysAgo(0) }, t.db);
  const primary = days.get("PRIMARY")!;
  // Every day from the first license (18 months ago) to today.
  expect(primary[0].day).toBe(daysAgo(548));
  expect(primary.at(-1)).toMatchObject({ day: daysAgo(0), endUsed: 53, endLimit: 55 });
  expect(Math.max(...primary.map((d) => d.peakUsed))).toBe(53);
  expect(new Set(primary.map((d) => d.endLimit))).toEqual(new Set([40, 48, 44, 55]));
  const extranet = days.get("EXTRANET")!;
  expect(extranet.find((d) => d.day === daysAgo(421))).toMatchObject({ endLimit: 0, endUsed: 0 });
  expect(extranet.at(-1)).toMatchObject({ endUsed: 7, endLimit: 10 });

  // The lowering to 44 seats left the primary pool over its limit for about two weeks.
  const [trueUp] = await trueUpReport({ from: daysAgo(365), to: daysAgo(0) }, t.db);
  expect(trueUp).toMatchObject({ pool: "PRIMARY", peakUsed: 53, firstDayOver: daysAgo(250) });
  expect(trueUp.daysOver).toBeGreaterThanOrEqual(12);
  expect(trueUp.daysOver).toBeLessThanOrEqual(16);

  const forecasts = await getPoolForecasts({}, t.db);
  expect(forecasts.find((f) => f.pool === "PRIMARY")!.forecast.kind).toBe("fills");
  expect(forecasts.find((f) => f.pool === "EXTRANET")!.sentence).toMatch(/^Extranets: not expected to fill at the current rate/);
});
