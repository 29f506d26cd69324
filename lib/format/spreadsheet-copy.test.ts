import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { spreadsheetCsv } from "./csv";
import { spreadsheetCellSql, spreadsheetConstantSql, SpreadsheetCsvFromCopy } from "./spreadsheet-copy";

// COPY's CSV of random text, through the cell SQL and the converter, must be exactly what
// spreadsheetCsv writes for the same rows, however the bytes are cut into chunks.

const SPECIAL = [" ", ",", '"', "\n", "\r", "\t", "=", "+", "-", "@", "'", "\uFEFF", "\\", ".", "é", "😀"];
const PLAIN = ["a", "Z", "N", "U", "L", "0", "ß", "ø"];
// Some rows from every character, others plain with a rare special one: both ways through the converter.
const ALPHABETS = [
  [...SPECIAL, ...PLAIN],
  [...PLAIN, ...PLAIN, ...PLAIN, ...PLAIN, ...PLAIN, ...PLAIN, ...SPECIAL],
];

function seededRandom(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

function randomRows(count: number, columns: number, random: () => number): string[][] {
  return Array.from({ length: count }, (_, row) => {
    const alphabet = ALPHABETS[row % 2];
    return Array.from({ length: columns }, () =>
      Array.from({ length: Math.floor(random() * 7) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""),
    );
  });
}

let t: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  t = await createTestDatabase();
  client = new pg.Client({ connectionString: t.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await t.close();
});

/** COPY's bytes for the rows, each cell through spreadsheetCellSql, plus the extra NULL column for one column. */
async function copyOf(rows: string[][]): Promise<Buffer> {
  const columns = rows[0].length;
  await client.query(`DROP TABLE IF EXISTS cells`);
  await client.query(`CREATE TEMP TABLE cells (n int, ${Array.from({ length: columns }, (_, c) => `c${c} text`).join(", ")})`);
  await client.query(
    `INSERT INTO cells SELECT * FROM unnest($1::int[], ${Array.from({ length: columns }, (_, c) => `$${c + 2}::text[]`).join(", ")})`,
    [rows.map((_, i) => i), ...Array.from({ length: columns }, (_, c) => rows.map((r) => r[c]))],
  );
  const cells = Array.from({ length: columns }, (_, c) => spreadsheetCellSql(`c${c}`));
  if (columns === 1) cells.push("NULL");
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`COPY (SELECT ${cells.join(", ")} FROM cells ORDER BY n) TO STDOUT WITH (FORMAT csv)`)))
    chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function convert(bytes: Buffer, singleColumn: boolean, cut: (offset: number) => number): string {
  const converter = new SpreadsheetCsvFromCopy(singleColumn);
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const end = Math.min(bytes.length, offset + cut(offset));
    out.push(converter.convert(bytes.subarray(offset, end)));
    offset = end;
  }
  converter.end();
  return Buffer.concat(out).toString("utf8");
}

describe("COPY's CSV made spreadsheetCsv's", () => {
  for (const columns of [1, 2, 4]) {
    it(`matches spreadsheetCsv byte for byte on random text, ${columns} column(s), in chunks of any size`, async () => {
      const random = seededRandom(columns * 7919);
      const rows = randomRows(2000, columns, random);
      rows.push(
        Array.from({ length: columns }, () => "\\."),
        Array.from({ length: columns }, () => ""),
      );
      const expected = spreadsheetCsv(rows, { byteOrderMark: false });
      const bytes = await copyOf(rows);
      expect(convert(bytes, columns === 1, () => bytes.length)).toBe(expected);
      expect(convert(bytes, columns === 1, () => 1)).toBe(expected);
      expect(convert(bytes, columns === 1, () => 1 + Math.floor(random() * 9))).toBe(expected);
    });
  }

  it("writes constant labels as spreadsheetCsv writes them", async () => {
    const labels = ["Plain", "Blocked: inactive", "a, b", "=SUM(1)", "-", " spaced ", 'say "hi"', "it's", ""];
    const values = labels.map((label, i) => `(${i}, ${spreadsheetConstantSql(label)}, ${spreadsheetConstantSql(label)})`).join(", ");
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(
      copyTo(`COPY (SELECT a, b FROM (VALUES ${values}) v(n, a, b) ORDER BY n) TO STDOUT WITH (FORMAT csv)`),
    ))
      chunks.push(chunk as Buffer);
    const rows = labels.map((label) => [label, label]);
    expect(convert(Buffer.concat(chunks), false, () => 5)).toBe(spreadsheetCsv(rows, { byteOrderMark: false }));
  });
});
