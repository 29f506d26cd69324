import "server-only";
import { BLOCKED_REASON_SENTENCE, POOL_WORD } from "../vocabulary";
import type { ExportColumn } from "./export-columns";

/** A CASE expression that writes the vocabulary's words for an enum column (constants only, no input). */
function sqlCase(column: string, labels: Record<string, string>, otherwise: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return `CASE ${column} ${Object.entries(labels)
    .map(([value, label]) => `WHEN ${quote(value)} THEN ${quote(label)}`)
    .join(" ")} ELSE ${quote(otherwise)} END`;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The SQL that reads each export column's text (a = Account, ar = Area): the export query returns
 * the cells as they go into the file. Server-only, so no SQL text ships to the browser.
 */
export const EXPORT_COLUMN_SQL: Record<ExportColumn, string> = {
  username: `a.username`,
  givenName: `a."givenName"`,
  familyName: `a."familyName"`,
  email: `a.email`,
  area: `ar.name`,
  pool: sqlCase("ar.pool", POOL_WORD, ""),
  state: `CASE a.state WHEN 'ACTIVE' THEN 'Yes' ELSE 'No' END`,
  blockedReason: sqlCase(`a."blockedReason"`, BLOCKED_REASON_SENTENCE, ""),
  created: `to_char(a."createdAt", ${ISO})`,
  lastSignIn: `coalesce(to_char(a."lastSignInAt", ${ISO}), '')`,
  lastActive: `coalesce(to_char(a."lastActiveAt", ${ISO}), '')`,
  source: `lower(a.source::text)`,
  externalId: `coalesce(a."externalId", '')`,
};
