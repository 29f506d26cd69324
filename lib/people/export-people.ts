import "server-only";
import Papa from "papaparse";
import pg from "pg";
import { config } from "../config";
import { EXPORT_COLUMNS, type ExportRequest } from "./export-columns";
import { EXPORT_COLUMN_SQL } from "./export-sql";
import { peopleFilterOf, type PeopleView } from "./people-query";
import { utcDate } from "../format/utc";

export { exportRequestSchema } from "./export-columns";

const BATCH = 5000;

// The export reads with plain `pg` rather than Prisma, and has PostgreSQL produce each cell's
// text: at 100,000 rows, Prisma's per-row materialisation cost ten times PostgreSQL's own COPY.
// Its WHERE clause mirrors peopleWhere (the list's); a test checks that both select the same
// people for each kind of view.

let sharedPool: pg.Pool | undefined;
function exportPool(): pg.Pool {
  const { DATABASE_URL } = config();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set");
  sharedPool ??= new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  return sharedPool;
}

/** The export's WHERE conditions, written from the same description as the list's (peopleFilterOf). */
export function whereSql(view: PeopleView, values: unknown[], now: Date = new Date()): string[] {
  const filter = peopleFilterOf(view, now);
  const conditions: string[] = [];
  for (const fragment of filter.containing) {
    values.push(`%${fragment}%`);
    const p = `$${values.length}`;
    conditions.push(`(a.username ILIKE ${p} OR a.email ILIKE ${p} OR a."givenName" ILIKE ${p} OR a."familyName" ILIKE ${p})`);
  }
  if (filter.areaId) {
    values.push(filter.areaId);
    conditions.push(`a."areaId" = $${values.length}::uuid`);
  }
  if (filter.state) {
    values.push(filter.state.state);
    conditions.push(`a.state = $${values.length}::"AccountState"`);
    if (filter.state.blockedReason) {
      values.push(filter.state.blockedReason);
      conditions.push(`a."blockedReason" = $${values.length}::"BlockReason"`);
    }
  }
  if (filter.inactive) {
    // Columns hold UTC without a zone: compare with the moment read in UTC, whatever the process's zone.
    values.push(filter.inactive.before.toISOString());
    const p = `($${values.length}::timestamptz AT TIME ZONE 'UTC')`;
    const neverActive = `(a."lastActiveAt" IS NULL AND a."createdAt" < ${p})`;
    conditions.push(filter.inactive.neverActive ? neverActive : `(a."lastActiveAt" < ${p} OR ${neverActive})`);
  }
  return conditions;
}

/**
 * The CSV as a stream of chunks, read in keyset batches by user name (unique and indexed: each
 * batch is an index range scan), so memory stays flat whatever the number of accounts. UTF-8
 * with a byte-order mark (spreadsheets then read accents right), RFC 4180 quoting, CRLF, a
 * header row, and formula-like cells neutralised.
 */
export async function* exportPeopleCsv(request: ExportRequest, pool: pg.Pool = exportPool()): AsyncGenerator<string> {
  const view: PeopleView = request.scope === "all" ? {} : request;
  const columns = request.columns.map((k) => ({ header: EXPORT_COLUMNS[k].header, sql: EXPORT_COLUMN_SQL[k] }));
  const unparse = (rows: string[][]) => Papa.unparse(rows, { quotes: false, newline: "\r\n", escapeFormulae: /^[=+\-@\t\r]/ });
  yield "\uFEFF" + unparse([columns.map((c) => c.header)]) + "\r\n";
  // The user name is the keyset: read as an extra last cell, not written.
  const select = [...columns.map((c) => c.sql), "a.username"].join(", ");
  const batchAfter = (after: string | null) => {
    const values: unknown[] = [];
    const conditions = whereSql(view, values);
    if (after !== null) {
      values.push(after);
      conditions.push(`a.username > $${values.length}`);
    }
    return pool.query<string[]>({
      text: `SELECT ${select} FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
        ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""} ORDER BY a.username LIMIT ${BATCH}`,
      values,
      rowMode: "array",
    });
  };
  let pending = batchAfter(null);
  for (;;) {
    const { rows } = await pending;
    if (rows.length === 0) return;
    // Read the next batch while this one is turned into CSV and sent: at most two in memory.
    if (rows.length === BATCH) {
      pending = batchAfter(rows[rows.length - 1][columns.length]);
      pending.catch(() => {}); // a download cancelled mid-way must not leave an unhandled rejection
    }
    for (const row of rows) row.length = columns.length;
    yield unparse(rows) + "\r\n";
    if (rows.length < BATCH) return;
  }
}

export function exportFileName(now = new Date()): string {
  return `people-${utcDate(now)}.csv`;
}
