import "server-only";
import type { AccountSource } from "../generated/prisma/enums";
import { spreadsheetCellSql, spreadsheetConstantSql, spreadsheetTimestampSql } from "../format/spreadsheet-copy";
import { BLOCKED_REASON_SENTENCE, POOL_WORD } from "../vocabulary";
import type { ExportColumn } from "./export-columns";

/** A CASE expression that writes the vocabulary's words for an enum column (constants only, no input). */
function sqlCase(column: string, labels: Record<string, string>): string {
  return `CASE ${column} ${Object.entries(labels)
    .map(([value, label]) => `WHEN '${value}' THEN ${spreadsheetConstantSql(label)}`)
    .join(" ")} END`;
}

// What lower(source::text) wrote before the export moved to COPY.
const SOURCE_WORD: Record<AccountSource, string> = { FORM: "form", IMPORT: "import", DIRECTORY: "directory", SEED: "seed", LDAP: "ldap" };

/** The columns holding timestamps: their cells are finished by the converter (spreadsheetTimestampSql). */
export const EXPORT_TIMESTAMP_COLUMNS: ReadonlySet<ExportColumn> = new Set(["created", "lastSignIn", "lastActive"]);

/**
 * The SQL that reads each export column's cell (a = Account, ar = Area) as COPY is to write it:
 * text cells through spreadsheetCellSql (formulas neutralised, empty as NULL), labels from the
 * vocabulary, dates through spreadsheetTimestampSql (ISO 8601 UTC once converted), NULL for an
 * empty cell. Server-only, so no SQL text ships
 * to the browser.
 */
export const EXPORT_COLUMN_SQL: Record<ExportColumn, string> = {
  username: spreadsheetCellSql(`a.username`),
  givenName: spreadsheetCellSql(`a."givenName"`),
  familyName: spreadsheetCellSql(`a."familyName"`),
  email: spreadsheetCellSql(`a.email`),
  area: spreadsheetCellSql(`ar.name`),
  pool: sqlCase("ar.pool", POOL_WORD),
  state: `CASE a.state WHEN 'ACTIVE' THEN 'Yes' ELSE 'No' END`,
  blockedReason: sqlCase(`a."blockedReason"`, BLOCKED_REASON_SENTENCE),
  created: spreadsheetTimestampSql(`a."createdAt"`),
  lastSignIn: spreadsheetTimestampSql(`a."lastSignInAt"`),
  lastActive: spreadsheetTimestampSql(`a."lastActiveAt"`),
  source: sqlCase(`a.source`, SOURCE_WORD),
  externalId: spreadsheetCellSql(`a."externalId"`),
};
