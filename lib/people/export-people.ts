import "server-only";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { config } from "../config";
import { spreadsheetCsv } from "../format/csv";
import { SpreadsheetCsvFromCopy } from "../format/spreadsheet-copy";
import { utcDate } from "../format/utc";
import { EXPORT_COLUMNS, type ExportRequest } from "./export-columns";
import { EXPORT_COLUMN_SQL, EXPORT_TIMESTAMP_COLUMNS } from "./export-sql";
import { peopleFilterOf, type PeopleView } from "./people-query";

export { exportRequestSchema } from "./export-columns";

// The export is PostgreSQL's own COPY … TO STDOUT (FORMAT csv) of one SELECT that writes every
// cell's text (export-sql.ts), streamed through pg-copy-streams: no row becomes a JavaScript
// object. Its WHERE clause mirrors peopleWhere (the list's); a test checks that both select the
// same people for each kind of view, and another that the file's bytes are the ones the export
// wrote before it used COPY.

let sharedPool: pg.Pool | undefined;
function exportPool(): pg.Pool {
  const { DATABASE_URL } = config();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set");
  sharedPool ??= new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  return sharedPool;
}

// COPY takes no bind parameters, so the filter's values are written into the SQL as literals.
// Each is validated first (exportRequestSchema: a UUID, an enum, printable search text of at most
// 100 characters; dates are our own), then quoted by pg's escapeLiteral, which doubles quotes and
// backslashes inside E'…': no value can end its literal. (A prepared statement cannot wrap a COPY,
// and a temporary view or function per download would be DDL, a catalogue write, for each file.)
const literal = (value: string) => pg.escapeLiteral(value);

/** The export's WHERE conditions, written from the same description as the list's (peopleFilterOf). */
export function whereSql(view: PeopleView, now: Date = new Date()): string[] {
  const filter = peopleFilterOf(view, now);
  const conditions: string[] = [];
  for (const fragment of filter.containing) {
    const p = literal(`%${fragment}%`);
    conditions.push(`(a.username ILIKE ${p} OR a.email ILIKE ${p} OR a."givenName" ILIKE ${p} OR a."familyName" ILIKE ${p})`);
  }
  for (const fragment of filter.startingWith) {
    const p = literal(`${fragment}%`);
    conditions.push(`(a.username LIKE ${p} OR a.email LIKE ${p} OR a."givenName" ILIKE ${p} OR a."familyName" ILIKE ${p})`);
  }
  if (filter.areaId) conditions.push(`a."areaId" = ${literal(filter.areaId)}::uuid`);
  if (filter.state) {
    conditions.push(`a.state = ${literal(filter.state.state)}::"AccountState"`);
    if (filter.state.blockedReason) conditions.push(`a."blockedReason" = ${literal(filter.state.blockedReason)}::"BlockReason"`);
  }
  if (filter.inactive) {
    // Columns hold UTC without a zone: compare with the moment read in UTC, whatever the process's zone.
    const p = `(${literal(filter.inactive.before.toISOString())}::timestamptz AT TIME ZONE 'UTC')`;
    const neverActive = `(a."lastActiveAt" IS NULL AND a."createdAt" < ${p})`;
    conditions.push(filter.inactive.neverActive ? neverActive : `(a."lastActiveAt" < ${p} OR ${neverActive})`);
  }
  return conditions;
}

/** The COPY statement of an export, and whether it carries the extra column of a single-column file. */
export function exportCopySql(
  request: ExportRequest,
  now: Date = new Date(),
): { sql: string; singleColumn: boolean; timestampColumns: number[] } {
  const view: PeopleView = request.scope === "all" ? {} : request;
  const cells = request.columns.map((k) => EXPORT_COLUMN_SQL[k]);
  // See spreadsheet-copy.ts: with one column, COPY would quote a lone \.
  const singleColumn = cells.length === 1;
  if (singleColumn) cells.push("NULL");
  const conditions = whereSql(view, now);
  const select = `SELECT ${cells.join(", ")} FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
    ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""} ORDER BY a.username`;
  const timestampColumns = request.columns.flatMap((k, i) => (EXPORT_TIMESTAMP_COLUMNS.has(k) ? [i] : []));
  return { sql: `COPY (${select}) TO STDOUT WITH (FORMAT csv)`, singleColumn, timestampColumns };
}

/**
 * The CSV as a stream of byte chunks: UTF-8 with a byte-order mark (spreadsheets then read
 * accents right), a header row, RFC 4180 quoting, CRLF, and formula-like cells neutralised, as
 * spreadsheetCsv writes them. Memory stays flat: the COPY is read as the consumer pulls (TCP
 * holds the rest back at the server). A consumer that stops early (a client gone) ends the COPY:
 * the connection is closed, not returned to the pool mid-COPY.
 */
export async function* exportPeopleCsv(request: ExportRequest, pool: pg.Pool = exportPool()): AsyncGenerator<Uint8Array> {
  const { sql, singleColumn, timestampColumns } = exportCopySql(request);
  // The header from the same writer as every other CSV of the console (constant text).
  yield Buffer.from(spreadsheetCsv([request.columns.map((k) => EXPORT_COLUMNS[k].header)]));
  const client = await pool.connect();
  let complete = false;
  try {
    // The timestamps' text depends on it (spreadsheetTimestampSql); ISO is PostgreSQL's default.
    await client.query(`SET DateStyle = ISO`);
    const converter = new SpreadsheetCsvFromCopy(singleColumn, timestampColumns);
    for await (const chunk of client.query(copyTo(sql)) as AsyncIterable<Buffer>) yield converter.convert(chunk);
    converter.end();
    complete = true;
  } finally {
    // With the COPY still running, release(error) makes pg destroy the socket: the server ends
    // the COPY when it next writes, and the pool opens a fresh connection when one is needed.
    client.release(complete ? undefined : new Error("the export stopped before its end"));
  }
}

export function exportFileName(now = new Date()): string {
  return `people-${utcDate(now)}.csv`;
}
