import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { applyLicense, createAccount, type Actor } from "../licensing";
import { createBackDatedClient } from "./back-dated-client";
import { warnOfPoolsFillingSoon } from "./forecast-warnings";
import { utcLongDate } from "../format/utc";
import { renderMetrics } from "../metrics/collect";
import { getPoolForecasts } from "./pool-forecasts";

// A primary pool that grows by one seat every two days for 60 days, up to 40 of 50 seats: at that
// rate it fills in about 20 days, inside the default 30-day warning horizon.

const admin: Actor = { id: null, label: "test admin" };
const DAY = 86_400_000;
const now = new Date();
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const areas = await createSite(t.db, { maxUsers: 50, maxExtranetUsers: 5 });
  const clock = createBackDatedClient(t.url);
  try {
    const start = now.getTime() - 60 * DAY;
    await clock.setClock(new Date(start));
    // The People administrator who is told, and the 10 accounts the pool starts with.
    await createAccount({ actor: admin, source: "SEED", account: person(areas.intranet.id, { isPeopleAdmin: true }) }, clock.client);
    await t.db.account.updateMany({ data: { isPeopleAdmin: true } });
    for (let i = 1; i < 10; i++) await createAccount({ actor: admin, source: "SEED", account: person(areas.intranet.id) }, clock.client);
    for (let day = 1; day <= 60; day += 2) {
      await clock.setClock(new Date(start + day * DAY));
      await createAccount({ actor: admin, source: "FORM", account: person(areas.intranet.id) }, clock.client);
    }
  } finally {
    await clock.close();
  }
});
afterAll(async () => t.close());

const license = (maxUsers: number) =>
  applyLicense(
    {
      actor: admin,
      terms: { siteId: "test-site", licenseId: `L${maxUsers}`, licensee: "T", issuedAt: new Date(), maxUsers, maxExtranetUsers: 5 },
    },
    t.db,
  );
const forecastNotices = () => t.db.notification.count({ where: { kind: "POOL_FORECAST_FULL", pool: "PRIMARY" } });

it("forecasts the primary pool in words, from its daily peaks", async () => {
  const [primary] = await getPoolForecasts({ now }, t.db);
  expect(primary).toMatchObject({ pool: "PRIMARY", used: 40, limit: 50, forecast: { kind: "fills" } });
  // One seat every two days is 3.5 a week; the steps of whole seats bend the fitted line a little.
  expect(primary.forecast.kind === "fills" && primary.forecast.seatsPerWeek).toBeGreaterThanOrEqual(3.4);
  expect(primary.forecast.kind === "fills" && primary.forecast.seatsPerWeek).toBeLessThanOrEqual(3.7);
  expect(primary.forecast.kind === "fills" && Math.abs(primary.forecast.daysUntilFull - 20)).toBeLessThanOrEqual(1);
  expect(primary.sentence).toMatch(
    /^Primary area: full in about (19|20|21) days \(around \d{1,2} \w+ \d{4}\) at \+3\.[4-7] seats a week\.$/,
  );
  const around = primary.forecast.kind === "fills" ? primary.forecast.date : "";
  expect(primary.sentence).toContain(utcLongDate(around));
});

it("gives /metrics the days until each pool is full", async () => {
  const text = await renderMetrics(t.db);
  const days = Number(/^seatkeeper_pool_forecast_days_until_full\{pool="primary"\} (\S+)$/m.exec(text)?.[1]);
  expect(Math.abs(days - 20)).toBeLessThanOrEqual(1);
  // The extranet pool has seats but no two weeks of history (it changed only today): no claim.
  expect(text).not.toMatch(/seatkeeper_pool_forecast_days_until_full\{pool="extranet"\}/);
});

it("warns the People administrators once per crossing of the horizon, not at every run", async () => {
  expect(await warnOfPoolsFillingSoon({ now }, t.db)).toEqual({ warned: ["PRIMARY"] });
  expect(await forecastNotices()).toBe(1);
  const [notice] = await t.db.notification.findMany({ where: { kind: "POOL_FORECAST_FULL" } });
  expect(notice.message).toMatch(/full in about \d+ days .* within the 30 days you are warned about.*request more licenses/);
  // Every later run (any process) while the forecast stays inside the horizon says nothing more.
  expect(await warnOfPoolsFillingSoon({ now }, t.db)).toEqual({ warned: [] });
  expect(await forecastNotices()).toBe(1);

  // More seats move the date out of the horizon; lowering them again is a new crossing.
  await license(500);
  expect(await warnOfPoolsFillingSoon({ now }, t.db)).toEqual({ warned: [] });
  await license(50);
  expect(await warnOfPoolsFillingSoon({ now }, t.db)).toEqual({ warned: ["PRIMARY"] });
  expect(await forecastNotices()).toBe(2);
});

it("follows the horizon setting", async () => {
  await t.db.seatPool.update({ where: { pool: "PRIMARY" }, data: { forecastNotified: false } });
  await t.db.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, forecastWarningDays: 7 }, update: { forecastWarningDays: 7 } });
  expect(await warnOfPoolsFillingSoon({ now }, t.db)).toEqual({ warned: [] });
});
