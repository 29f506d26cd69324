import { z } from "zod";
import type { Prisma } from "../generated/prisma/client";
import { PRINTABLE } from "../licensing/schemas";
import { AUDIT_ACTIONS } from "./audit-actions";

// What an audit log view is: filters and page. It lives in the URL and is read by both the page
// and the CSV export, so they always agree.

export const AUDIT_PAGE_SIZES = [25, 50, 100] as const;
export const AUDIT_OUTCOMES = ["success", "refused"] as const;
export const AUDIT_POOLS = ["primary", "extranet"] as const;

const name = (what: string) =>
  z.string().trim().max(200, `${what} is at most 200 characters.`).regex(PRINTABLE, `${what} cannot hold control characters.`);

const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date like 2026-01-31.`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
      message: `${what} is not a date of the calendar.`,
    });

const fieldSchemas = {
  actor: name("Actor"),
  account: name("Account"),
  action: z.enum(AUDIT_ACTIONS, "Unknown action."),
  outcome: z.enum(AUDIT_OUTCOMES, "Outcome must be success or refused."),
  pool: z.enum(AUDIT_POOLS, "Pool must be primary or extranet."),
  from: day("From"),
  to: day("To"),
  page: z.coerce.number("Page must be a number.").int("Page must be a whole number.").min(1, "Page starts at 1.").max(1_000_000),
  size: z.coerce.number().pipe(
    z.union(
      AUDIT_PAGE_SIZES.map((n) => z.literal(n)),
      `Page size must be ${AUDIT_PAGE_SIZES.join(", ")}.`,
    ),
  ),
};

export const auditQuerySchema = z.object({
  actor: fieldSchemas.actor.optional(),
  account: fieldSchemas.account.optional(),
  action: fieldSchemas.action.optional(),
  outcome: fieldSchemas.outcome.optional(),
  pool: fieldSchemas.pool.optional(),
  from: fieldSchemas.from.optional(),
  to: fieldSchemas.to.optional(),
  page: fieldSchemas.page.default(1),
  size: fieldSchemas.size.default(25),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;
export type AuditFilter = Omit<AuditQuery, "page" | "size">;

/**
 * Reads a view from URL parameters. A bad parameter is dropped (its default applies) and
 * reported, so the page can say what was wrong with the link.
 */
export function parseAuditQuery(params: Record<string, string | string[] | undefined>): { query: AuditQuery; problems: string[] } {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of Object.keys(fieldSchemas) as (keyof typeof fieldSchemas)[]) {
    const value = params[key];
    const single = Array.isArray(value) ? value[0] : value;
    if (single === undefined || single.trim() === "") continue;
    const parsed = fieldSchemas[key].safeParse(single);
    if (parsed.success) raw[key] = parsed.data;
    else problems.push(`Ignored ${key}=${JSON.stringify(single).slice(0, 60)}: ${parsed.error.issues[0]?.message}`);
  }
  if (typeof raw.from === "string" && typeof raw.to === "string" && raw.from > raw.to) {
    problems.push(`Ignored to=${raw.to}: it is before from=${raw.from}.`);
    delete raw.to;
  }
  return { query: auditQuerySchema.parse(raw), problems };
}

export function auditQueryToSearchParams(query: Partial<AuditQuery>): URLSearchParams {
  const params = new URLSearchParams();
  const defaults = auditQuerySchema.parse({});
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === "" || defaults[key as keyof AuditQuery] === value) continue;
    params.set(key, String(value));
  }
  return params;
}

const DAY_MS = 86_400_000;

/**
 * The WHERE clause of a view. Actor and account are exact names (the account's user name, in
 * lower case as stored): each has an index with the time, as has the action.
 */
export function auditWhere(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (filter.actor) where.actorLabel = filter.actor;
  if (filter.account) where.accountLabel = filter.account.toLowerCase();
  if (filter.action) where.action = filter.action;
  if (filter.outcome) where.outcome = filter.outcome === "success" ? "SUCCESS" : "REFUSED";
  if (filter.pool) where.pool = filter.pool === "primary" ? "PRIMARY" : "EXTRANET";
  if (filter.from || filter.to) {
    where.at = {
      ...(filter.from ? { gte: new Date(`${filter.from}T00:00:00Z`) } : {}),
      // "to" is a whole day: everything before the next one.
      ...(filter.to ? { lt: new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY_MS) } : {}),
    };
  }
  return where;
}

/** "state: ACTIVE → BLOCKED; area: Intranet → Partners", from an event's before/after. */
export function describeChange(before: unknown, after: unknown): string {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !(b[k] == null && a[k] == null),
  );
  const show = (v: unknown) => (v === undefined || v === null ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return keys.map((k) => (k in b ? `${k}: ${show(b[k])} → ${show(a[k])}` : `${k}: ${show(a[k])}`)).join("; ");
}
