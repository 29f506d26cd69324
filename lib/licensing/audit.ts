import "server-only";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { Pool } from "../generated/prisma/enums";
import type { AuditAction } from "../audit/audit-actions";
import type { Actor } from "./actor";

export type { AuditAction };

/** What the audit trail keeps of an account before and after a change. */
export type AccountSnapshot = {
  username: string;
  state: string;
  blockedReason: string | null;
  area: string;
  pool: Pool;
};

export type AuditEventInput = {
  actor: Actor;
  action: AuditAction;
  outcome?: "SUCCESS" | "REFUSED";
  /** id is null for a refused creation: the account never existed. */
  account?: { id: string | null; username: string } | null;
  pool?: Pool | null;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  detail?: string | null;
};

/**
 * Writes one audit event. Successful changes record it inside their own transaction (the event
 * exists exactly when the change does); refusals record it after the rollback, on the base client.
 */
export async function recordAuditEvent(client: Tx | Db, event: AuditEventInput): Promise<void> {
  await client.auditEvent.create({ data: auditEventRow(event) });
}

/** Writes many audit events at once (a bulk job's batch), in order, inside the caller's transaction. */
export async function recordAuditEvents(tx: Tx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.auditEvent.createMany({ data: events.map(auditEventRow) });
}

/**
 * The columns and values of one audit event, for a statement that writes it together with other
 * rows (takeSeat writes it only when the seat is taken): `INSERT INTO "AuditEvent" ${AUDIT_EVENT_COLUMNS}
 * SELECT ${auditEventValues(event)} FROM …`. The same row recordAuditEvent writes.
 */
export const AUDIT_EVENT_COLUMNS = Prisma.sql`("actorId", "actorLabel", action, outcome, "accountId", "accountLabel", pool, before, after, detail)`;

export function auditEventValues(event: AuditEventInput): Prisma.Sql {
  const row = auditEventRow(event);
  const json = (value: Prisma.InputJsonValue | undefined) => (value === undefined ? null : JSON.stringify(value));
  return Prisma.sql`${row.actorId}::uuid, ${row.actorLabel}, ${row.action}, ${row.outcome}::"AuditOutcome", ${row.accountId}::uuid,
    ${row.accountLabel}, ${row.pool}::"Pool", ${json(row.before)}::jsonb, ${json(row.after)}::jsonb, ${row.detail}`;
}

function auditEventRow(event: AuditEventInput) {
  return {
    actorId: event.actor.id,
    actorLabel: event.actor.label,
    action: event.action,
    outcome: event.outcome ?? "SUCCESS",
    accountId: event.account?.id ?? null,
    accountLabel: event.account?.username ?? null,
    pool: event.pool ?? null,
    before: event.before ?? undefined,
    after: event.after ?? undefined,
    detail: event.detail ?? null,
  } satisfies Prisma.AuditEventCreateManyInput;
}

export function snapshotAccount(account: {
  username: string;
  state: string;
  blockedReason: string | null;
  area: { name: string; pool: Pool };
}): AccountSnapshot {
  return {
    username: account.username,
    state: account.state,
    blockedReason: account.blockedReason,
    area: account.area.name,
    pool: account.area.pool,
  };
}
