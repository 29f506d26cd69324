import { setInactivityPolicy } from "../../lib/licensing/inactivity-policy";
import { runInactivityPolicies } from "../../lib/licensing/run-inactivity-policy";
import { COUNT_CAP, listPeople } from "../../lib/people/list-people";
import { inactiveSince, parsePeopleQuery } from "../../lib/people/people-query";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { actor, type BenchContext, type SeededAreas } from "./context";
import { log, row, timed, type Row, type SectionResult } from "./measure";

/**
 * The inactivity filters at scale (against the raw SQL they amount to), then one daily run of a
 * policy that blocks a share of the accounts, with the seat counters checked after. Runs last:
 * it blocks accounts.
 */
export async function measureInactive({ db, raw, runs }: BenchContext, { intranet }: SeededAreas): Promise<SectionResult> {
  const rows: Row[] = [];
  const failures: string[] = [];
  // Last activity spread over 400 days for nine accounts in ten; the tenth never signed in.
  await raw.query(`UPDATE "Account" SET "createdAt" = now() - interval '600 days',
    "lastActiveAt" = CASE WHEN abs(hashtext(id::text)) % 10 = 0 THEN NULL ELSE now() - make_interval(days => abs(hashtext(id::text)) % 400) END`);
  await raw.query(`VACUUM ANALYZE "Account"`);
  const select = `SELECT a.id, a.username, a.email, a."givenName", a."familyName", a.state, a."blockedReason", a."createdAt", a."lastActiveAt", ar.id AS "areaId", ar.name, ar.pool
      FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"`;
  const order = `ORDER BY a."familyName", a."givenName", a.id`;
  const now = new Date();
  // The list counts an inactivity view up to COUNT_CAP.
  const capped = (where: string) => `SELECT count(*) FROM (SELECT 1 FROM "Account" a WHERE ${where} LIMIT ${COUNT_CAP + 1}) c`;
  const inactive = (p: string) => `(a."lastActiveAt" < ${p} OR (a."lastActiveAt" IS NULL AND a."createdAt" < ${p}))`;
  const views: { what: string; params: Record<string, string>; sql: [string, unknown[]][] }[] = [
    {
      what: "People list: inactive for more than 90 days",
      params: { inactive: "90" },
      sql: [
        [capped(inactive("$1")), [inactiveSince("90", now)]],
        [`${select} WHERE ${inactive("$1")} ${order} LIMIT 25`, [inactiveSince("90", now)]],
      ],
    },
    {
      what: "People list: inactive 180 days + area + active",
      params: { inactive: "180", area: intranet.id, state: "active" },
      sql: [
        [capped(`${inactive("$1")} AND a."areaId" = $2 AND a.state = 'ACTIVE'`), [inactiveSince("180", now), intranet.id]],
        [
          `${select} WHERE ${inactive("$1")} AND a."areaId" = $2 AND a.state = 'ACTIVE' ${order} LIMIT 25`,
          [inactiveSince("180", now), intranet.id],
        ],
      ],
    },
    {
      what: "People list: never signed in",
      params: { inactive: "never" },
      sql: [
        [capped(`a."lastActiveAt" IS NULL AND a."createdAt" < $1`), [inactiveSince("never", now)]],
        [`${select} WHERE a."lastActiveAt" IS NULL AND a."createdAt" < $1 ${order} LIMIT 25`, [inactiveSince("never", now)]],
      ],
    },
    {
      what: "People list: sorted by last activity",
      params: { sort: "lastActive" },
      sql: [
        [`SELECT sum(delta) FROM "AccountTally"`, []],
        [`${select} ORDER BY a."lastActiveAt", a.id LIMIT 25`, []],
      ],
    },
  ];
  for (const view of views) {
    const query = parsePeopleQuery(view.params).query;
    const ours = await timed(() => listPeople(query, db), runs);
    const baseline = await timed(() => Promise.all(view.sql.map(([text, values]) => raw.query(text, values))), runs);
    rows.push(row(view.what, ours, baseline, "p95 < 100 ms", ours.p95 < 100));
  }

  // The daily run: the primary pool's accounts inactive for more than 380 days (about 1 in 20 of them).
  await setInactivityPolicy(
    {
      actor,
      policy: { pool: "PRIMARY", enabled: true, days: 380, warnDays: null, exemptAdmins: true, exemptDirectory: true, exemptUsernames: [] },
    },
    db,
  );
  // The app processes' own daily run (no policy yet) already happened today: forget it, so this one runs.
  await db.inactivityRun.deleteMany();
  const start = performance.now();
  const report = await runInactivityPolicies({}, db);
  const runMs = performance.now() - start;
  const blocked = report?.blocked ?? 0;
  if (blocked === 0) failures.push("the inactivity policy's daily run blocked nobody: its row would measure nothing");
  for (const pool of await seatCountersAgainstRealCounts(db)) {
    if (pool.counter !== pool.real) failures.push(`after the inactivity run, ${pool.pool}'s counter is ${pool.counter}, real ${pool.real}`);
  }
  rows.push(
    row(
      `Inactivity policy: daily run blocking ${blocked.toLocaleString("en")}`,
      { median: runMs, p95: runMs },
      null,
      "counters exact",
      failures.length === 0,
    ),
  );
  log(`inactive filters measured; the daily run blocked ${blocked} in ${(runMs / 1000).toFixed(1)} s`);
  return {
    rows,
    notes: [
      `The inactivity policy's daily run blocked ${blocked.toLocaleString("en")} accounts, 200 to a transaction, in ${(runMs / 1000).toFixed(1)} s.`,
    ],
    failures,
  };
}
