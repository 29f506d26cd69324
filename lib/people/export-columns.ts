import { z } from "zod";
import { peopleQuerySchema } from "./people-query";

// The export's columns and request, with no SQL and no database import: the export dialog (a
// client component) reads them too.

/** The columns an administrator may pick, in file order, with their headers (the SQL is in export-sql.ts). */
export const EXPORT_COLUMNS = {
  username: { header: "Username" },
  givenName: { header: "First name" },
  familyName: { header: "Last name" },
  email: { header: "E-mail" },
  area: { header: "Area" },
  pool: { header: "License pool" },
  state: { header: "Account state" },
  blockedReason: { header: "Blocked reason" },
  created: { header: "Created" },
  lastSignIn: { header: "Last sign-in" },
  lastActive: { header: "Last activity" },
  source: { header: "Source" },
  externalId: { header: "External id" },
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
  inactive: peopleQuerySchema.shape.inactive,
});
export type ExportRequest = z.output<typeof exportRequestSchema>;
