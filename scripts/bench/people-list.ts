import { getSeatStatistics } from "../../lib/licensing";
import { listPeople } from "../../lib/people/list-people";
import { parsePeopleQuery } from "../../lib/people/people-query";
import type { BenchContext, SeededAreas } from "./context";
import { log, row, timed, type Row, type SectionResult } from "./measure";

/** The People list's views and the statistics, in process, each against the raw SQL it amounts to. */
export async function measureListAndStatistics(
  { db, raw, accounts, runs }: BenchContext,
  { partners }: SeededAreas,
): Promise<SectionResult> {
  const rows: Row[] = [];
  const select = `SELECT a.id, a.username, a.email, a."givenName", a."familyName", a.state, a."blockedReason", a."createdAt", a."lastSignInAt", ar.id AS "areaId", ar.name, ar.pool
      FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"`;
  const order = `ORDER BY a."familyName", a."givenName", a.id`;
  const search = `(a.username ILIKE $1 OR a.email ILIKE $1 OR a."givenName" ILIKE $1 OR a."familyName" ILIKE $1)`;
  const deepPage = Math.floor((accounts * 0.99) / 25);
  const views: { what: string; params: Record<string, string>; sql: [string, unknown[]][] }[] = [
    {
      what: "People list: first page, default sort",
      params: {},
      sql: [
        [`SELECT count(*) FROM "Account" a`, []],
        [`${select} ${order} LIMIT 25`, []],
      ],
    },
    {
      what: 'People list: search "user4242"',
      params: { q: "user4242" },
      sql: [
        [`SELECT count(*) FROM "Account" a WHERE ${search}`, ["%user4242%"]],
        [`${select} WHERE ${search} ${order} LIMIT 25`, ["%user4242%"]],
      ],
    },
    {
      what: "People list: area + state filters",
      params: { area: partners.id, state: "blocked" },
      sql: [
        [`SELECT count(*) FROM "Account" a WHERE a."areaId" = $1 AND a.state = 'BLOCKED'`, [partners.id]],
        [`${select} WHERE a."areaId" = $1 AND a.state = 'BLOCKED' ${order} LIMIT 25`, [partners.id]],
      ],
    },
    {
      what: `People list: deep page (${deepPage})`,
      params: { page: String(deepPage) },
      sql: [
        [`SELECT count(*) FROM "Account" a`, []],
        [`${select} ${order} OFFSET ${(deepPage - 1) * 25} LIMIT 25`, []],
      ],
    },
  ];
  for (const view of views) {
    const query = parsePeopleQuery(view.params).query;
    const ours = await timed(() => listPeople(query, db), runs);
    const baseline = await timed(() => Promise.all(view.sql.map(([text, values]) => raw.query(text, values))), runs);
    rows.push(row(view.what, ours, baseline, "p95 < 100 ms and ≤ 3x baseline", ours.p95 < 100 && ours.p95 <= 3 * baseline.p95));
  }
  const statsOurs = await timed(() => getSeatStatistics(db), runs);
  const statsBase = await timed(
    () =>
      Promise.all([
        raw.query(`SELECT * FROM "SeatPool"`),
        raw.query(`SELECT ar.pool, count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE a.state = 'BLOCKED' GROUP BY 1`),
      ]),
    runs,
  );
  rows.push(row("Statistics area", statsOurs, statsBase, "p95 < 20 ms", statsOurs.p95 < 20));
  log("list and statistics measured");
  return { rows, notes: [], failures: [] };
}
