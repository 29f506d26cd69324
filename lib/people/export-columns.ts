import { z } from "zod";
import { peopleQuerySchema } from "./people-query";

// The export's columns and request, with no database import: the export dialog (a client
// component) reads them too.

/** One exported account, as the export query reads it (dates already as ISO 8601 text). */
export type ExportRow = {
  username: string;
  givenName: string;
  familyName: string;
  email: string;
  areaName: string;
  pool: "PRIMARY" | "EXTRANET";
  state: "ACTIVE" | "BLOCKED";
  blockedReason: "ADMIN" | "NO_SEAT" | "DIRECTORY" | null;
  createdAt: string;
  lastSignInAt: string | null;
  source: string;
  externalId: string | null;
};

/** The columns an administrator may pick, in file order. */
export const EXPORT_COLUMNS = {
  username: { header: "Username", value: (r: ExportRow) => r.username },
  givenName: { header: "First name", value: (r: ExportRow) => r.givenName },
  familyName: { header: "Last name", value: (r: ExportRow) => r.familyName },
  email: { header: "E-mail", value: (r: ExportRow) => r.email },
  area: { header: "Area", value: (r: ExportRow) => r.areaName },
  pool: { header: "License pool", value: (r: ExportRow) => (r.pool === "PRIMARY" ? "Primary" : "Extranet") },
  state: { header: "Account state", value: (r: ExportRow) => (r.state === "ACTIVE" ? "Yes" : "No") },
  blockedReason: {
    header: "Blocked reason",
    value: (r: ExportRow) =>
      r.blockedReason === "ADMIN" ? "Blocked by an administrator" : r.blockedReason === "NO_SEAT" ? "Waiting for a seat" : r.blockedReason === "DIRECTORY" ? "Blocked by the directory" : "",
  },
  created: { header: "Created", value: (r: ExportRow) => r.createdAt },
  lastSignIn: { header: "Last sign-in", value: (r: ExportRow) => r.lastSignInAt ?? "" },
  source: { header: "Source", value: (r: ExportRow) => r.source.toLowerCase() },
  externalId: { header: "External id", value: (r: ExportRow) => r.externalId ?? "" },
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

