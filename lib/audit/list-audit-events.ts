import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { auditWhere, type AuditQuery } from "./audit-query";

export const AUDIT_EVENT_SELECT = {
  id: true,
  at: true,
  actorLabel: true,
  action: true,
  outcome: true,
  accountId: true,
  accountLabel: true,
  pool: true,
  before: true,
  after: true,
  detail: true,
} as const;

/**
 * One page of the audit log, newest first, paged in the database on the (at, id) order (every
 * filter has an index that ends with it). No total is counted: at a million events a count costs
 * more than the page, so one row more than the page is read to know whether another page follows.
 */
export async function listAuditEvents(query: AuditQuery, client: Db = defaultDb()) {
  const rows = await client.auditEvent.findMany({
    where: auditWhere(query),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (query.page - 1) * query.size,
    take: query.size + 1,
    select: AUDIT_EVENT_SELECT,
  });
  return {
    page: query.page,
    size: query.size,
    hasNext: rows.length > query.size,
    events: rows.slice(0, query.size).map((e) => ({ ...e, id: e.id.toString() })),
  };
}

export type AuditLogPage = Awaited<ReturnType<typeof listAuditEvents>>;
