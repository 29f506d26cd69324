import { getSeatStatistics } from "../../lib/licensing";
import { COUNT_CAP, listPeople } from "../../lib/people/list-people";
import { parsePeopleQuery } from "../../lib/people/people-query";
import type pg from "pg";
import type { BenchContext, SeededAreas } from "./context";
import { log, row, timed, type Row, type SectionResult } from "./measure";

const NAME_INDEX = "Account_familyName_givenName_id_idx";
const TRIGRAM_INDEX = "Account_username_trgm_idx";
// A short term matches the start of a field: a left-anchored LIKE, served by the trigram indexes.
const PREFIX_INDEXES = ["Account_username_trgm_idx", "Account_email_trgm_idx", "Account_familyName_trgm_idx"];
// What the list runs: the tally's sum for totals the tally knows, a count capped past 10,000 for searches.
const TALLY_TOTAL = `SELECT sum(delta) FROM "AccountTally"`;
const capped = (where: string) => `SELECT count(*) FROM (SELECT 1 FROM "Account" a WHERE ${where} LIMIT ${COUNT_CAP + 1}) c`;

/** The names of the indexes a statement's plan reads (EXPLAIN, not run). */
async function indexesUsed(raw: pg.Pool, text: string, values: unknown[]): Promise<string[]> {
  const { rows } = await raw.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, value] of Object.entries(node)) {
      if (key === "Index Name" && typeof value === "string") names.add(value);
      else walk(value);
    }
  };
  walk(rows[0]["QUERY PLAN"]);
  return [...names].sort();
}

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
  const startsWith = `(a.username LIKE $1 OR a.email LIKE $1 OR a."givenName" ILIKE $1 OR a."familyName" ILIKE $1)`;
  const deepPage = Math.floor((accounts * 0.99) / 25);
  const searchOf = (terms: string[]) => terms.map((_, i) => search.replaceAll("$1", () => `$${i + 1}`)).join(" AND ");
  const views: { what: string; params: Record<string, string>; sql: [string, unknown[]][]; index: string[] }[] = [
    {
      what: "People list: first page, default sort",
      index: [NAME_INDEX],
      params: {},
      sql: [
        [TALLY_TOTAL, []],
        [`${select} ${order} LIMIT 25`, []],
      ],
    },
    {
      what: 'People list: search "user4242"',
      index: [TRIGRAM_INDEX],
      params: { q: "user4242" },
      sql: [
        [capped(search), ["%user4242%"]],
        [`${select} WHERE ${search} ${order} LIMIT 25`, ["%user4242%"]],
      ],
    },
    {
      what: 'People list: search "user4242 bench.example" (two terms)',
      index: [TRIGRAM_INDEX],
      params: { q: "user4242 bench.example" },
      sql: [
        [capped(searchOf(["", ""])), ["%user4242%", "%bench.example%"]],
        [`${select} WHERE ${searchOf(["", ""])} ${order} LIMIT 25`, ["%user4242%", "%bench.example%"]],
      ],
    },
    {
      what: 'People list: search "nobody-here" (matches no one)',
      index: [TRIGRAM_INDEX],
      params: { q: "nobody-here" },
      sql: [
        [capped(search), ["%nobody-here%"]],
        [`${select} WHERE ${search} ${order} LIMIT 25`, ["%nobody-here%"]],
      ],
    },
    {
      // A term under three characters matches the start of a field (no trigram serves a
      // "contains" that short): the trigram indexes, padded at the start; the page walks the name index.
      what: 'People list: search "an" (a short term: starts with)',
      index: [...PREFIX_INDEXES, NAME_INDEX],
      params: { q: "an" },
      sql: [
        [capped(startsWith), ["an%"]],
        [`${select} WHERE ${startsWith} ${order} LIMIT 25`, ["an%"]],
      ],
    },
    {
      what: "People list: area + state filters",
      index: ["Account_areaId_state_idx", "Account_state_areaId_idx", "Account_state_familyName_givenName_id_idx"],
      params: { area: partners.id, state: "blocked" },
      sql: [
        [`SELECT sum(delta) FROM "AccountTally" WHERE "areaId" = $1 AND state = 'BLOCKED'`, [partners.id]],
        [`${select} WHERE a."areaId" = $1 AND a.state = 'BLOCKED' ${order} LIMIT 25`, [partners.id]],
      ],
    },
    {
      what: `People list: deep page (${deepPage})`,
      index: [NAME_INDEX],
      params: { page: String(deepPage) },
      sql: [
        [TALLY_TOTAL, []],
        // Past the middle, the list reads from the other end.
        [
          `${select} ORDER BY a."familyName" DESC, a."givenName" DESC, a.id DESC OFFSET ${Math.max(0, accounts - deepPage * 25)} LIMIT 25`,
          [],
        ],
      ],
    },
  ];
  const notes: string[] = [];
  for (const view of views) {
    const query = parsePeopleQuery(view.params).query;
    const ours = await timed(() => listPeople(query, db), runs);
    const baseline = await timed(() => Promise.all(view.sql.map(([text, values]) => raw.query(text, values))), runs);
    // The plans of the list's two statements (the count and the page), as the baseline's SQL says them.
    const used = await Promise.all(view.sql.map(([text, values]) => indexesUsed(raw, text, values)));
    const intended = used.some((names) => names.some((name) => view.index.includes(name)));
    notes.push(
      `Plan of "${view.what.replace(/^People list: /, "")}": ${intended ? "used" : "did NOT use"} ${view.index.join(" or ")} (count: ${used[0].join(", ") || "no index"}; page: ${used[1].join(", ") || "no index"}).`,
    );
    rows.push(row(view.what, ours, baseline, "p95 < 100 ms and ≤ 3x baseline", ours.p95 < 100 && ours.p95 <= 3 * baseline.p95 && intended));
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
  return { rows, notes, failures: [] };
}
