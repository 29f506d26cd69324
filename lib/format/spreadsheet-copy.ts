// PostgreSQL's COPY … TO STDOUT (FORMAT csv) written as the spreadsheet CSV of spreadsheetCsv
// (csv.ts), byte for byte, in one pass over COPY's bytes. COPY already quotes a cell holding a
// comma, a quote or a line break, doubling its quotes, as spreadsheetCsv does. The rest:
// - In the SELECT (spreadsheetCellSql), what needs a cell's first character: a formula starter
//   gets a leading ' and a carriage return before it. The carriage return makes COPY quote the
//   cell (spreadsheetCsv quotes a neutralised formula) and SpreadsheetCsvFromCopy drops it after
//   the opening quote. No cell can start with a carriage return of its own: one that does is a
//   formula starter, so it begins with the marker and '. Empty text becomes NULL there too: COPY
//   writes '' as "" and NULL as nothing, spreadsheetCsv writes nothing for both.
// - In SpreadsheetCsvFromCopy, what COPY leaves unquoted and spreadsheetCsv quotes: a cell that
//   starts or ends with a space or holds a byte-order mark (looked for on the way, cheaper than
//   in SQL for every cell), and the line ends: COPY ends records with LF, spreadsheets expect
//   CRLF (line breaks inside quoted cells stay as they are, as spreadsheetCsv leaves them).
// - With a single column COPY quotes a lone \. (its end-of-data marker for old clients): a
//   single-column export selects a second, always NULL, column, and the converter drops the
//   separator before it (the only comma outside quotes in such a record).
// - Timestamps: the SELECT writes them as spreadsheetTimestampSql does, "2026-01-02 03:04:05.6781"
//   (always 24 characters, cheap for the server), and the converter writes the T and the Z of
//   ISO 8601 over the space and the last digit, in the columns it is told hold timestamps.

/** The first characters that make a spreadsheet run a cell as a formula (=, +, -, @, tab, CR). */
const FORMULA_STARTERS = [61, 43, 45, 64, 9, 13];
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * SQL for a text cell: empty as NULL, a formula neutralised with a leading ' behind the
 * carriage-return marker. Every formula starter is below "A" (65): most cells are settled by one
 * ascii() and one comparison. `column` must be a column reference (it is read again in the branches).
 */
export function spreadsheetCellSql(column: string): string {
  return `CASE WHEN ascii(${column}) >= 65 THEN ${column}
    WHEN ascii(${column}) IN (${FORMULA_STARTERS.join(", ")}) THEN E'\\r''' || ${column}
    WHEN ${column} = '' THEN NULL ELSE ${column} END`;
}

/**
 * SQL for a timestamp(3) column (UTC, whole milliseconds) that the converter, told its column,
 * writes as 2026-01-02T03:04:05.678Z. Plain timestamp output drops the fraction's trailing
 * zeros: 0.1 ms added makes it always four digits (the last one 1, never carried), so the text is
 * always 24 characters and the converter only replaces two bytes. Formatting the whole ISO text in
 * SQL (to_json or to_char) cost the server a fifth of the export. Needs DateStyle ISO, which the
 * export sets on its connection. NULL stays NULL (an empty cell).
 */
export function spreadsheetTimestampSql(column: string): string {
  return `(${column} + interval '100 microseconds')::text`;
}

/** The length of spreadsheetTimestampSql's text, and where the converter writes T and Z in it. */
const TIMESTAMP_LENGTH = 24;
const TIMESTAMP_T_AT = 10;
const TIMESTAMP_Z_AT = 23;
const T = 0x54;
const Z = 0x5a;

/** A constant text (a label) as the SQL literal spreadsheetCellSql would make of it. */
export function spreadsheetConstantSql(text: string): string {
  if (text === "") return "NULL";
  const cell = FORMULA_START.test(text) ? `\r'${text}` : text;
  return `'${cell.replace(/'/g, "''")}'`;
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
// U+FEFF in UTF-8.
const BOM = [0xef, 0xbb, 0xbf];
const SPACE_THEN_COMMA = Buffer.from(" ,");
const COMMA_THEN_SPACE = Buffer.from(", ");

/** At the start of a cell (after a separator or a line end). */
const CELL_START = 0;
/** In a cell COPY did not quote. */
const UNQUOTED = 1;
/** Just after a cell's opening quote: a carriage return here is the marker. */
const OPENED = 2;
const QUOTED = 3;
/** A quote inside a quoted cell: the next byte says whether it was doubled or closed the cell. */
const QUOTE_IN_QUOTED = 4;

/**
 * Turns COPY's CSV (chunks cut anywhere) into spreadsheetCsv's, one record at a time; a record
 * cut by the end of a chunk is kept and read again with the next. Most records hold no quote, no
 * byte-order mark and no space next to a separator or a line end: they are copied whole with CRLF
 * after them, found with Buffer's native searches rather than a byte-by-byte loop in JavaScript.
 * The others go through spreadsheetRecord. One converter per COPY; `timestampColumns` are the
 * (0-based) columns the SELECT wrote with spreadsheetTimestampSql.
 */
export class SpreadsheetCsvFromCopy {
  private carry: Buffer = Buffer.alloc(0);
  /** For each column, whether it holds spreadsheetTimestampSql's text. */
  private readonly timestamps: boolean[];
  /** The last timestamp column, -1 without one. */
  private readonly lastTimestamp: number;

  constructor(
    private readonly singleColumn: boolean,
    timestampColumns: number[] = [],
  ) {
    this.timestamps = [];
    for (const column of timestampColumns) this.timestamps[column] = true;
    this.lastTimestamp = timestampColumns.length ? Math.max(...timestampColumns) : -1;
  }

  convert(chunk: Uint8Array): Buffer {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const input = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    // Growth: an LF becomes two bytes, a cell of one byte or more may gain two quotes.
    const out = Buffer.allocUnsafe(input.length * 3 + 4);
    const next = (found: number) => (found < 0 ? input.length : found);
    let quote = -1;
    let bom = -1;
    let spaceComma = -1;
    let commaSpace = -1;
    let n = 0;
    let pos = 0;
    while (pos < input.length) {
      const lf = input.indexOf(LF, pos);
      if (lf < 0) break;
      if (quote < pos) quote = next(input.indexOf(QUOTE, pos));
      if (bom < pos) bom = next(input.indexOf(BOM[0], pos));
      if (spaceComma < pos) spaceComma = next(input.indexOf(SPACE_THEN_COMMA, pos));
      if (commaSpace < pos) commaSpace = next(input.indexOf(COMMA_THEN_SPACE, pos));
      if (quote < lf || bom < lf || spaceComma < lf || commaSpace < lf || input[pos] === SPACE || input[lf - 1] === SPACE) {
        const record = spreadsheetRecord(input, pos, out, n, this.singleColumn, this.timestamps);
        if (record === null) break;
        [pos, n] = record;
        continue;
      }
      // With a single column, the byte before the line end is the separator before the NULL.
      const copied = input.copy(out, n, pos, this.singleColumn ? lf - 1 : lf);
      // No quote in this record: its cells are exactly what lies between its commas.
      if (this.lastTimestamp >= 0) {
        let column = 0;
        let cellStart = pos;
        for (let i = pos; i <= lf && column <= this.lastTimestamp; i++) {
          if (i < lf && input[i] !== COMMA) continue;
          if (this.timestamps[column] && i - cellStart === TIMESTAMP_LENGTH) {
            out[n + cellStart - pos + TIMESTAMP_T_AT] = T;
            out[n + cellStart - pos + TIMESTAMP_Z_AT] = Z;
          }
          column++;
          cellStart = i + 1;
        }
      }
      n += copied;
      out[n++] = CR;
      out[n++] = LF;
      pos = lf + 1;
    }
    this.carry = Buffer.from(input.subarray(pos));
    return out.subarray(0, n);
  }

  /** After the last chunk: COPY ends every record with a line end, so nothing may be left. */
  end(): void {
    if (this.carry.length) throw new Error("COPY's CSV ended inside a record");
  }
}

/**
 * One record from `start`, byte by byte, written at `n`: the marker dropped, unquoted cells quoted
 * where spreadsheetCsv quotes them, CRLF at the end. Answers where the next record starts and the
 * new length of `out`, or null when the input ends before the record does.
 */
function spreadsheetRecord(
  input: Buffer,
  start: number,
  out: Buffer,
  n: number,
  dropCommas: boolean,
  timestamps: boolean[],
): [number, number] | null {
  let state = CELL_START;
  let cellStart = n;
  let needsQuotes = false;
  let column = 0;
  for (let i = start; i < input.length; i++) {
    const byte = input[i];
    if (state === UNQUOTED) {
      if (byte !== COMMA && byte !== LF) {
        out[n++] = byte;
        if (byte === BOM[2] && n - 3 >= cellStart && out[n - 2] === BOM[1] && out[n - 3] === BOM[0]) needsQuotes = true;
        continue;
      }
      if (needsQuotes || out[n - 1] === SPACE) {
        out.copyWithin(cellStart + 1, cellStart, n);
        out[cellStart] = QUOTE;
        out[n + 1] = QUOTE;
        n += 2;
      } else if (timestamps[column] && n - cellStart === TIMESTAMP_LENGTH) {
        out[cellStart + TIMESTAMP_T_AT] = T;
        out[cellStart + TIMESTAMP_Z_AT] = Z;
      }
      state = CELL_START; // this byte ends the cell: written below
    } else if (state === QUOTED) {
      if (byte === QUOTE) state = QUOTE_IN_QUOTED;
      out[n++] = byte;
      continue;
    } else if (state === OPENED) {
      state = byte === QUOTE ? QUOTE_IN_QUOTED : QUOTED;
      if (byte !== CR) out[n++] = byte;
      continue;
    } else if (state === QUOTE_IN_QUOTED) {
      if (byte === QUOTE) {
        state = QUOTED;
        out[n++] = byte;
        continue;
      }
      state = CELL_START; // the cell closed: this byte is a separator or a line end
    }
    // At a cell's start, or at the separator or line end after a cell.
    if (byte === LF) {
      out[n++] = CR;
      out[n++] = LF;
      return [i + 1, n];
    } else if (byte === COMMA) {
      column++;
      if (!dropCommas) out[n++] = byte;
    } else if (byte === QUOTE) {
      state = OPENED;
      out[n++] = byte;
    } else {
      state = UNQUOTED;
      cellStart = n;
      needsQuotes = byte === SPACE;
      out[n++] = byte;
    }
  }
  return null;
}
