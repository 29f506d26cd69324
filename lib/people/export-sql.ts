import "server-only";
import type { AccountSource } from "../generated/prisma/enums";
import { spreadsheetCellSql, spreadsheetConstantSql } from "../format/spreadsheet-copy";
import { BLOCKED_REASON_SENTENCE, POOL_WORD } from "../vocabulary";
import type { ExportColumn } from "./export-columns";

/** A CASE expression that writes the vocabulary's words for an enum column (constants only, no input). */
function sqlCase(column: string, labels: Record<string, string>): string {
  return `CASE ${column} ${Object.entries(labels)
    .map(([value, label]) => `WHEN '${value}' THEN ${spreadsheetConstantSql(label)}`)
    .join(" ")} END`;
}

/**
 * A timestamp(3) column (UTC) as 2026-01-02T03:04:05.678Z. What to_char(…, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
 * writes, at less than half its cost: JSON writes timestamps in ISO 8601 whatever the DateStyle,
 * but drops trailing zeros of the fraction, so 0.1 ms is added (the column holds whole
 * milliseconds: the digit never carries) and the text cut after the milliseconds. NULL stays NULL.
 */
const isoUtc = (column: string) => `substr(to_json(${column} + interval '100 microseconds')::text, 2, 23) || 'Z'`;

// What lower(source::text) wrote before the export moved to COPY.
const SOURCE_WORD: Record<AccountSource, string> = { FORM: "form", IMPORT: "import", DIRECTORY: "directory", SEED: "seed", LDAP: "ldap" };

/**
 * The SQL that reads each export column's cell (a = Account, ar = Area) as COPY is to write it:
 * text cells through spreadsheetCellSql (formulas neutralised, empty as NULL), labels from the
 * vocabulary, dates in ISO 8601 UTC, NULL for an empty cell. Server-only, so no SQL text ships
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
  created: isoUtc(`a."createdAt"`),
  lastSignIn: isoUtc(`a."lastSignInAt"`),
  lastActive: isoUtc(`a."lastActiveAt"`),
  source: sqlCase(`a.source`, SOURCE_WORD),
  externalId: spreadsheetCellSql(`a."externalId"`),
};
