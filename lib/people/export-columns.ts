import { z } from "zod";
import { BLOCKED_REASON_SENTENCE, POOL_WORD } from "../vocabulary";
import { peopleQuerySchema } from "./people-query";

// The export's columns and request, with no database import: the export dialog (a client
// component) reads them too.

/** A CASE expression that writes the vocabulary's words for an enum column (constants only, no input). */
function sqlCase(column: string, labels: Record<string, string>, otherwise: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return `CASE ${column} ${Object.entries(labels)
    .map(([value, label]) => `WHEN ${quote(value)} THEN ${quote(label)}`)
    .join(" ")} ELSE ${quote(otherwise)} END`;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The columns an administrator may pick, in file order, each with the SQL that reads its text
 * (a = Account, ar = Area): the export query returns the cells as they go into the file.
 */
export const EXPORT_COLUMNS = {
  username: { header: "Username", sql: `a.username` },
  givenName: { header: "First name", sql: `a."givenName"` },
  familyName: { header: "Last name", sql: `a."familyName"` },
  email: { header: "E-mail", sql: `a.email` },
  area: { header: "Area", sql: `ar.name` },
  pool: { header: "License pool", sql: sqlCase("ar.pool", POOL_WORD, "") },
  state: { header: "Account state", sql: `CASE a.state WHEN 'ACTIVE' THEN 'Yes' ELSE 'No' END` },
  blockedReason: {
    header: "Blocked reason",
    sql: sqlCase(`a."blockedReason"`, BLOCKED_REASON_SENTENCE, ""),
  },
  created: { header: "Created", sql: `to_char(a."createdAt", ${ISO})` },
  lastSignIn: { header: "Last sign-in", sql: `coalesce(to_char(a."lastSignInAt", ${ISO}), '')` },
  source: { header: "Source", sql: `lower(a.source::text)` },
  externalId: { header: "External id", sql: `coalesce(a."externalId", '')` },
} as const;

export type ExportColumn = keyof typeof EXPORT_COLUMNS;
export const EXPORT_COLUMN_KEYS = Object.keys(EXPORT_COLUMNS) as ExportColumn[];
export const DEFAULT_EXPORT_COLUMNS: ExportColumn[] = ["username", "givenName", "familyName", "email", "area", "state"];

export const exportRequestSchema = z.object({
  columns: z
    .array(z.enum(EXPORT_COLUMN_KEYS as [ExportColumn, ...ExportColumn[]], "Unknown column."))
    .min(1, "Pick at least one column.")
    .transform((cols) => EXPORT_COLUMN_KEYS.filter((k) => cols.includes(k))),
  scope: z.enum(["filter", "all"], "Scope must be filter or all.").default("filter"),
  q: peopleQuerySchema.shape.q,
  area: peopleQuerySchema.shape.area,
  state: peopleQuerySchema.shape.state,
});
export type ExportRequest = z.output<typeof exportRequestSchema>;
