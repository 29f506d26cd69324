import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { createAccount, InvalidInputError } from ".";
import { getInactivityPolicies, setInactivityPolicy } from "./inactivity-policy";
import { previewInactivityRun } from "./inactivity-preview";
import { listInactivityRuns, runInactivityPolicies } from "./run-inactivity-policy";

const system = { id: null, label: "test" };
const DAY = 24 * 60 * 60 * 1000;
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;
let day = Date.parse("2027-03-01T06:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 100 });
  // The site's own administrators, active recently: the guard rails keep them whatever the policy.
  for (const username of ["root1", "root2"]) {
    const a = await createAccount(
      { actor: system, source: "FORM", account: person(areas.intranet.id, { username, isPeopleAdmin: true, isSysadmin: true }) },
      t.db,
    );
    await t.db.account.update({ where: { id: a.id }, data: { lastActiveAt: new Date("2030-01-01") } });
  }
  process.env.SMTP_URL = "smtp://127.0.0.1:2525";
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await t.close();
});
// Each test is a day of its own: the daily run happens once per UTC day.
beforeEach(() => {
  day += DAY;
});
afterEach(async () => {
  await t.db.account.deleteMany({ where: { username: { notIn: ["root1", "root2"] } } });
  await t.db
    .$executeRaw`UPDATE "SeatPool" sp SET "activeCount" = (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE ar.pool = sp.pool AND a.state = 'ACTIVE')`;
  await t.db.inactivityPolicy.deleteMany();
});

/** An account inactive for `days` days at `day` (null: created `created` days ago, never active). */
async function account(
  name: string,
  days: number | null,
  over: { created?: number; extranet?: boolean; admin?: boolean; source?: "DIRECTORY" } = {},
) {
  const areaId = over.extranet ? areas.partners.id : areas.intranet.id;
  const a = await createAccount(
    {
      actor: system,
      source: over.source ?? "FORM",
      account: person(areaId, { username: name, email: `${name}@example.test`, isPeopleAdmin: over.admin ?? false }),
    },
    t.db,
  );
  await t.db.account.update({
    where: { id: a.id },
    data: { createdAt: new Date(day - (over.created ?? 1000) * DAY), lastActiveAt: days === null ? null : new Date(day - days * DAY) },
  });
  return a;
}
const policy = (over: Record<string, unknown> = {}) =>
  setInactivityPolicy(
    {
      actor: system,
      policy: {
        pool: "PRIMARY",
        enabled: "on",
        days: "90",
        warnDays: "",
        exemptAdmins: "on",
        exemptDirectory: "on",
        exemptUsernames: "",
        ...over,
      },
    },
    t.db,
  );
const names = (list: { username: string }[]) => list.map((a) => a.username).sort();
const stateOf = async (username: string) => (await t.db.account.findUniqueOrThrow({ where: { username } })).blockedReason ?? "ACTIVE";

it("is off by default, and refuses a limit under 30 days or a warning not before the block, with sentences", async () => {
  expect((await getInactivityPolicies(t.db)).map((p) => p.enabled)).toEqual([false, false]);
  await account("idle", 400);
  expect(await runInactivityPolicies({ now: new Date(day) }, t.db)).toMatchObject({ blocked: 0 });
  expect(await stateOf("idle")).toBe("ACTIVE");
  await expect(policy({ days: "29" })).rejects.toThrow(InvalidInputError);
  await expect(policy({ days: "29" })).rejects.toMatchObject({ fieldErrors: { days: ["At least 30 days."] } });
  await expect(policy({ days: "60", warnDays: "60" })).rejects.toMatchObject({
    fieldErrors: { warnDays: [expect.stringMatching(/before the block/)] },
  });
});

it("blocks at the threshold with the reason INACTIVE, keeps each exemption, and only in pools whose policy is on", async () => {
  await policy({ exemptUsernames: "chosen, other" });
  await account("over", 91);
  await account("under", 85);
  await account("never", null, { created: 95 });
  await account("newish", null, { created: 30 });
  await account("admin", 400, { admin: true });
  await account("chosen", 400);
  await account("directory", 400, { source: "DIRECTORY" });
  await account("extranet", 400, { extranet: true });
  const report = await runInactivityPolicies({ now: new Date(day) }, t.db);
  expect(report).toMatchObject({ blocked: 2, byPool: [{ pool: "PRIMARY", blocked: 2, seatsFreed: 2 }] });
  for (const name of ["over", "never"]) expect(await stateOf(name), name).toBe("INACTIVE");
  for (const name of ["under", "newish", "admin", "chosen", "directory", "extranet"]) expect(await stateOf(name), name).toBe("ACTIVE");
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);

  // Exemptions turned off: the administrator, the chosen and the directory's account go too.
  day += DAY;
  await policy({ exemptAdmins: "", exemptDirectory: "" });
  expect(await runInactivityPolicies({ now: new Date(day) }, t.db)).toMatchObject({ blocked: 3 });
  for (const name of ["admin", "chosen", "directory"]) expect(await stateOf(name), name).toBe("INACTIVE");
});

it("warns W days before, once per inactivity spell, then blocks", async () => {
  await policy({ warnDays: "14" });
  await account("soon", 80);
  await account("later", 70);
  const first = await runInactivityPolicies({ now: new Date(day) }, t.db);
  expect(first).toMatchObject({ warned: 1, blocked: 0 });
  const mail = await t.db.mailOutbox.findMany({ where: { to: "soon@example.test" } });
  expect(mail).toHaveLength(1);
  expect(mail[0].subject).toMatch(/blocked for inactivity/);
  // The next days: no second warning for the same spell.
  day += DAY;
  expect(await runInactivityPolicies({ now: new Date(day) }, t.db)).toMatchObject({ warned: 0, blocked: 0 });
  // Ten days on: "soon" is due (blocked), "later" enters its warning window.
  day += 10 * DAY;
  expect(await runInactivityPolicies({ now: new Date(day) }, t.db)).toMatchObject({ warned: 1, blocked: 1 });
  expect(await stateOf("soon")).toBe("INACTIVE");
  expect(await t.db.mailOutbox.count({ where: { to: "soon@example.test" } })).toBe(1);
});

it("without SMTP it warns nobody and still blocks", async () => {
  await policy({ warnDays: "14" });
  await account("quiet", 85);
  await account("gone", 100);
  delete process.env.SMTP_URL;
  try {
    expect(await runInactivityPolicies({ now: new Date(day) }, t.db)).toMatchObject({ warned: 0, blocked: 1 });
    expect((await previewInactivityRun({ now: new Date(day) }, t.db)).mail).toBe(false);
  } finally {
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
  }
  expect(await t.db.mailOutbox.count({ where: { to: "quiet@example.test" } })).toBe(0);
});

it("the preview lists exactly who the next run blocks, and when", async () => {
  await policy({ warnDays: "7", exemptUsernames: "keep" });
  for (let i = 0; i < 12; i++) await account(`p${i}`, 60 + i * 5);
  await account("keep", 300);
  await account("never", null, { created: 120 });
  const preview = await previewInactivityRun({ now: new Date(day) }, t.db);
  expect(preview.nextRun).toEqual(new Date(day));
  expect(preview.block.every((p) => p.blockAt <= preview.nextRun)).toBe(true);
  const report = await runInactivityPolicies({ now: new Date(day) }, t.db);
  const blocked = await t.db.account.findMany({ where: { blockedReason: "INACTIVE" }, select: { username: true } });
  expect(names(blocked)).toEqual(names(preview.block));
  expect(names(preview.block)).toEqual(["never", "p10", "p11", "p6", "p7", "p8", "p9"]);
  expect(names(preview.warn)).toEqual(["p5"]);
  expect(report).toMatchObject({ warned: 1, blocked: 7 });
  // Today's run is done: the preview now speaks of tomorrow's.
  const after = await previewInactivityRun({ now: new Date(day + 60_000) }, t.db);
  expect(after.nextRun).toEqual(new Date(Date.parse(new Date(day).toISOString().slice(0, 10)) + DAY));
});

it("runs exactly once a day across concurrent runners, and keeps each run's report", async () => {
  await policy();
  for (let i = 0; i < 20; i++) await account(`runner${i}`, 100 + i);
  const second = await t.newClient(); // another process
  const reports = await Promise.all([
    runInactivityPolicies({ now: new Date(day) }, t.db),
    runInactivityPolicies({ now: new Date(day) }, second),
    runInactivityPolicies({ now: new Date(day + 1000) }, t.db),
  ]);
  const ran = reports.filter((r) => r !== null);
  expect(ran).toHaveLength(1);
  expect(ran[0]).toMatchObject({ blocked: 20, byPool: [{ pool: "PRIMARY", blocked: 20, seatsFreed: 20 }] });
  expect(await runInactivityPolicies({ now: new Date(day + 3_600_000) }, t.db)).toBeNull();
  const audits = await t.db.auditEvent.count({
    where: { action: "account.block", actorLabel: "inactivity policy", accountLabel: { startsWith: "runner" } },
  });
  expect(audits).toBe(20);
  const runs = await listInactivityRuns(t.db);
  expect(runs[0]).toMatchObject({ blocked: 20, byPool: [{ pool: "PRIMARY", seatsFreed: 20 }] });
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);
});
