import Papa from "papaparse";

/**
 * Rows as CSV for spreadsheets: RFC 4180 quoting, CRLF, and cells that a spreadsheet would run as
 * a formula (=, +, -, @, tab, carriage return first) made plain text with a leading quote.
 * The people export and every downloadable report write CSV this way.
 */
export function spreadsheetCsv(rows: (string | number)[][], options: { byteOrderMark?: boolean } = {}): string {
  const text = Papa.unparse(rows, { newline: "\r\n", escapeFormulae: /^[=+\-@\t\r]/ }) + "\r\n";
  // A byte-order mark makes spreadsheets read UTF-8 (accents) right.
  return options.byteOrderMark === false ? text : "\uFEFF" + text;
}
