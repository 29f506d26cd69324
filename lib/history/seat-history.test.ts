import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import {
  activateWaitingAccounts,
  applyLicense,
  blockAccount,
  createAccount,
  deleteAccount,
  getSeatStatistics,
  unblockAccount,
  type Actor,
} from "../licensing";
import type { Pool } from "../generated/prisma/enums";
import { createBackDatedClient } from "./back-dated-client";
import { readSeatDays, updateSeatDays } from "./keep-seat-days";
import { getSeatHistoryView } from "./seat-history-view";
import { trueUpCsv, trueUpReport } from "./true-up";
import { type SeatLevel } from "./seat-days";
import { utcDate } from "../format/utc";

// The seat history is written by the database in the transactions that change seats. Here a
// site lives through a week (dated in the future, after the test site's own creation): after
// every step the real statistics are read, and the daily summaries must equal what was seen.

const admin: Actor = { id: null, label: "test admin" };
let t: TestDatabase;
let clock: ReturnType<typeof createBackDatedClient>;

beforeAll(async () => {
  t = await createTestDatabase();
  clock = createBackDatedClient(t.url);
});
afterAll(async () => {
  await clock.close();
  await t.close();
});

it("daily summaries equal the levels the pools went through, license lowering and overage included", async () => {
  const db = clock.client;
  const areas = await createSite(t.db, { maxUsers: 3, maxExtranetUsers: 2 });
  const seen: { at: Date; pool: Pool; level: SeatLevel }[] = [];
  const step = async (iso: string, change: () => Promise<unknown>) => {
    const at = new Date(iso);
    await clock.setClock(at);
    await change();
    for (const s of await getSeatStatistics(db))
      seen.push({ at, pool: s.pool, level: { used: s.used, waiting: s.waiting, limit: s.limit } });
  };
  const license = (maxUsers: number, maxExtranetUsers: number) =>
    applyLicense(
      {
        actor: admin,
        terms: { siteId: "test-site", licenseId: `L${maxUsers}`, licensee: "T", issuedAt: new Date(), maxUsers, maxExtranetUsers },
      },
      db,
    );
  const create = (n: number, areaId: string, whenFull: "refuse" | "wait" = "refuse") =>
    createAccount(
      { actor: admin, source: "DIRECTORY", whenFull, account: person(areaId, { username: `h${n}`, email: `h${n}@example.test` }) },
      db,
    );
  const ids: string[] = [];
  // The site as created (today, really): the levels the first day starts from.
  for (const s of await getSeatStatistics(db))
    seen.push({ at: new Date(), pool: s.pool, level: { used: s.used, waiting: s.waiting, limit: s.limit } });

  await step("2030-01-01T00:00:00Z", () => license(3, 2));
  for (const [n, iso] of [
    [1, "2030-01-01T09:00:00Z"],
    [2, "2030-01-01T10:00:00Z"],
    [3, "2030-01-01T11:00:00Z"],
  ] as const)
    await step(iso, async () => ids.push((await create(n, areas.intranet.id)).id));
  await step("2030-01-01T12:00:00Z", async () => ids.push((await create(4, areas.intranet.id, "wait")).id)); // waits: full
  await step("2030-01-02T09:00:00Z", () => blockAccount({ actor: admin, accountId: ids[0] }, db));
  await step("2030-01-02T09:30:00Z", () => activateWaitingAccounts({ actor: admin }, db));
  await step("2030-01-02T15:00:00Z", () => create(5, areas.partners.id));
  // Jan 3 is quiet. Jan 4: one leaves and h1 comes back (full again), the license is lowered
  // below the seats in use (overage), then another leaves.
  await step("2030-01-04T06:00:00Z", () => deleteAccount({ actor: admin, accountId: ids[2] }, db));
  await step("2030-01-04T07:00:00Z", () => unblockAccount({ actor: admin, accountId: ids[0] }, db));
  await step("2030-01-04T08:00:00Z", () => license(2, 2));
  await step("2030-01-04T17:00:00Z", () => deleteAccount({ actor: admin, accountId: ids[1] }, db));
  await clock.setClock(null);

  await updateSeatDays({ today: "2030-01-05" }, db);
  const days = await readSeatDays({ from: "2030-01-01", to: "2030-01-04", now: new Date("2030-01-05T12:00:00Z") }, db);

  for (const pool of ["PRIMARY", "EXTRANET"] as const) {
    // What was seen, summarised by hand: each day starts at the previous day's end.
    let level = seen.filter((s) => s.pool === pool && s.at < new Date("2030-01-01T00:00:00Z")).at(-1)?.level ?? {
      used: 0,
      waiting: 0,
      limit: 0,
    };
    const expected = ["2030-01-01", "2030-01-02", "2030-01-03", "2030-01-04"].map((day) => {
      const start = level;
      const during = seen.filter((s) => s.pool === pool && utcDate(s.at) === day).map((s) => s.level);
      level = during.at(-1) ?? start;
      const all = [start, ...during];
      return {
        pool,
        day,
        peakUsed: Math.max(...all.map((l) => l.used)),
        endUsed: level.used,
        endLimit: level.limit,
        minLimit: Math.min(...all.map((l) => l.limit)),
        peakWaiting: Math.max(...all.map((l) => l.waiting)),
        endWaiting: level.waiting,
        overLimit: all.some((l) => l.used > l.limit),
      };
    });
    expect(days.get(pool), pool).toEqual(expected);
  }
  // The story as told: the primary pool was full on Jan 1 with one waiting, and over the lowered limit on Jan 4.
  expect(days.get("PRIMARY")!.map((d) => [d.peakUsed, d.peakWaiting, d.overLimit])).toEqual([
    [3, 1, false],
    [3, 1, false],
    [3, 0, false],
    [3, 0, true],
  ]);
  // Summaries are written once: another run (another process) changes nothing.
  expect((await updateSeatDays({ today: "2030-01-05" }, db)).written).toBe(0);
  // Rebuilt from the history alone (first start, a restore), they come out the same.
  const before = await t.db.seatDay.findMany({ orderBy: [{ pool: "asc" }, { day: "asc" }] });
  await t.db.seatDay.deleteMany();
  await updateSeatDays({ today: "2030-01-05" }, db);
  expect(await t.db.seatDay.findMany({ orderBy: [{ pool: "asc" }, { day: "asc" }] })).toEqual(before);
});

it("the true-up report names the days over the limit and who took a seat on them, as CSV too", async () => {
  // The site of the test above: the primary pool went over its lowered limit on Jan 4, the day h1 was unblocked.
  const report = await trueUpReport({ from: "2030-01-01", to: "2030-01-31", now: new Date("2030-02-01T00:00:00Z") }, clock.client);
  const primary = report.find((r) => r.pool === "PRIMARY")!;
  expect(primary).toMatchObject({ peakUsed: 3, endLimit: 2, daysOver: 1, firstDayOver: "2030-01-04", lastDayOver: "2030-01-04" });
  expect(primary.overDays).toEqual([{ day: "2030-01-04", peakUsed: 3, limit: 2, overBy: 1 }]);
  expect(primary.activations).toEqual([{ day: "2030-01-04", at: new Date("2030-01-04T07:00:00Z"), username: "h1", how: "unblocked" }]);
  expect(report.find((r) => r.pool === "EXTRANET")).toMatchObject({ peakUsed: 1, daysOver: 0, activations: [] });
  expect(trueUpCsv(report)).toBe(
    "\uFEFFPool,Limit field,Day,Peak used,Limit,Over by,Took a seat,At (UTC),How\r\n" +
      "Primary,Max_Users,2030-01-04,3,2,1,h1,2030-01-04T07:00:00Z,unblocked\r\n",
  );
  // A period without overage has nothing to list.
  expect(trueUpCsv(await trueUpReport({ from: "2030-01-01", to: "2030-01-03" }, clock.client))).toBe(
    "\uFEFFPool,Limit field,Day,Peak used,Limit,Over by,Took a seat,At (UTC),How\r\n",
  );
});

it("the charts' forecasts start from each pool's limit and seats used as the statistics area shows them", async () => {
  const now = new Date("2030-02-01T00:00:00Z");
  const view = await getSeatHistoryView({ now }, clock.client);
  const expected = (await getSeatStatistics(clock.client))
    .filter((s) => s.limit > 0)
    .map((s) => ({ pool: s.pool, limit: s.limit, used: s.used }));
  expect(expected.some((s) => s.used > 0)).toBe(true);
  expect(
    view.pools.flatMap((p) => (p.forecast ? [{ pool: p.forecast.pool, limit: p.forecast.limit, used: p.forecast.used }] : [])),
  ).toEqual(expected);
});
