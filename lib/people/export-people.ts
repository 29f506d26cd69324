import Papa from "papaparse";
import { db as defaultDb, type Db } from "../db/client";
import { EXPORT_COLUMNS, type ExportRequest, type ExportRow } from "./export-columns";
import { personRowSelect } from "./list-people";
import { peopleOrderBy, peopleWhere, type PeopleQuery } from "./people-query";

export { exportRequestSchema } from "./export-columns";

const BATCH = 2000;

/**
 * The CSV as a stream of chunks, read from the database in keyset batches so memory stays flat
 * whatever the number of accounts. UTF-8 with a byte-order mark (spreadsheets then read accents
 * right), RFC 4180 quoting, CRLF, a header row, and formula-like cells neutralised.
 */
export async function* exportPeopleCsv(request: ExportRequest, client: Db = defaultDb()): AsyncGenerator<string> {
  const view: Pick<PeopleQuery, "q" | "area" | "state"> = request.scope === "all" ? {} : request;
  const where = peopleWhere(view);
  const orderBy = peopleOrderBy(request);
  const columns = request.columns.map((k) => EXPORT_COLUMNS[k]);
  const unparse = (rows: string[][]) =>
    Papa.unparse(rows, { quotes: false, newline: "\r\n", escapeFormulae: /^[=+\-@\t\r]/ });
  yield "\uFEFF" + unparse([columns.map((c) => c.header)]) + "\r\n";
  let cursor: string | undefined;
  for (;;) {
    const rows: ExportRow[] = await client.account.findMany({
      where,
      orderBy,
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { ...personRowSelect, source: true, externalId: true },
    });
    if (rows.length === 0) return;
    yield unparse(rows.map((r) => columns.map((c) => c.value(r)))) + "\r\n";
    if (rows.length < BATCH) return;
    cursor = rows[rows.length - 1].id;
  }
}

export function exportFileName(now = new Date()): string {
  return `people-${now.toISOString().slice(0, 10)}.csv`;
}
