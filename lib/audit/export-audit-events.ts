import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { spreadsheetCsv } from "../format/csv";
import type { Prisma } from "../generated/prisma/client";
import { auditWhere, describeChange, type AuditFilter } from "./audit-query";
import { AUDIT_EVENT_SELECT } from "./list-audit-events";

export const AUDIT_CSV_HEADER = [
  "Time (UTC)",
  "Actor",
  "Action",
  "Outcome",
  "Account",
  "Pool",
  "Change",
  "Detail",
  "Before",
  "After",
  "Event id",
];

const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));

/**
 * The events a filter selects, newest first, as CSV chunks (byte-order mark and header first).
 * Read in batches after the last (at, id) seen, so a million events never sit in memory and each
 * batch is an index range, not an ever-growing offset.
 */
export async function* exportAuditEventsCsv(filter: AuditFilter, options: { batchSize?: number } = {}, client: Db = defaultDb()) {
  const batchSize = options.batchSize ?? 2000;
  const where = auditWhere(filter);
  yield spreadsheetCsv([AUDIT_CSV_HEADER]);
  let after: { at: Date; id: bigint } | null = null;
  for (;;) {
    const page: Prisma.AuditEventWhereInput = after
      ? { AND: [where, { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }] }
      : where;
    const rows = await client.auditEvent.findMany({
      where: page,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: batchSize,
      select: AUDIT_EVENT_SELECT,
    });
    if (rows.length === 0) return;
    yield spreadsheetCsv(
      rows.map((e) => [
        e.at.toISOString().replace("T", " ").slice(0, 19),
        e.actorLabel,
        e.action,
        e.outcome === "SUCCESS" ? "done" : "refused",
        e.accountLabel ?? "",
        e.pool ?? "",
        describeChange(e.before, e.after),
        e.detail ?? "",
        json(e.before),
        json(e.after),
        e.id.toString(),
      ]),
      { byteOrderMark: false },
    );
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { at: last.at, id: last.id };
  }
}

export function auditExportFileName(now = new Date()): string {
  return `audit-log-${now.toISOString().slice(0, 10)}.csv`;
}
