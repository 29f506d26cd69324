import Papa from "papaparse";
import { db as defaultDb, type Db } from "../db/client";
import { EXPORT_COLUMNS, type ExportRequest, type ExportRow } from "./export-columns";
import { personRowSelect } from "./list-people";
import { peopleWhere, type PeopleQuery } from "./people-query";

export { exportRequestSchema } from "./export-columns";

const BATCH = 5000;

/**
 * The CSV as a stream of chunks, read from the database in keyset batches (by user name, which
 * is unique and indexed, so each batch is an index range scan) so memory stays flat whatever the
 * number of accounts. UTF-8 with a byte-order mark (spreadsheets then read accents right),
 * RFC 4180 quoting, CRLF, a header row, and formula-like cells neutralised.
 */
export async function* exportPeopleCsv(request: ExportRequest, client: Db = defaultDb()): AsyncGenerator<string> {
  const view: Pick<PeopleQuery, "q" | "area" | "state"> = request.scope === "all" ? {} : request;
  const where = peopleWhere(view);
  const columns = request.columns.map((k) => EXPORT_COLUMNS[k]);
  const unparse = (rows: string[][]) =>
    Papa.unparse(rows, { quotes: false, newline: "\r\n", escapeFormulae: /^[=+\-@\t\r]/ });
  yield "\uFEFF" + unparse([columns.map((c) => c.header)]) + "\r\n";
  // Areas are few: read them once rather than joining them into every batch.
  const areas = new Map((await client.area.findMany({ select: { id: true, name: true, pool: true } })).map((a) => [a.id, a]));
  const { area: _area, ...scalars } = personRowSelect;
  let after: string | undefined;
  for (;;) {
    const batch = await client.account.findMany({
      where: after === undefined ? where : { AND: [where, { username: { gt: after } }] },
      orderBy: { username: "asc" },
      take: BATCH,
      select: { ...scalars, areaId: true, source: true, externalId: true },
    });
    if (batch.length === 0) return;
    const rows: ExportRow[] = batch.map(({ areaId, ...row }) => ({ ...row, area: areas.get(areaId)! }));
    yield unparse(rows.map((r) => columns.map((c) => c.value(r)))) + "\r\n";
    if (batch.length < BATCH) return;
    after = batch[batch.length - 1].username;
  }
}

export function exportFileName(now = new Date()): string {
  return `people-${now.toISOString().slice(0, 10)}.csv`;
}
