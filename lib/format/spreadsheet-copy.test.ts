import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { spreadsheetCsv } from "./csv";
import { spreadsheetCellSql, spreadsheetConstantSql, SpreadsheetCsvFromCopy, spreadsheetTimestampSql } from "./spreadsheet-copy";

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

function convert(bytes: Buffer, singleColumn: boolean, cut: (offset: number) => number, timestampColumns: number[] = []): string {
  const converter = new SpreadsheetCsvFromCopy(singleColumn, timestampColumns);
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

  it("finishes timestamp columns as ISO 8601 UTC, whatever their milliseconds, next to any text and NULLs", async () => {
    const random = seededRandom(4242);
    const base = Date.UTC(2026, 0, 2, 3, 4, 5);
    // Milliseconds whose plain text drops zeros (.000, .100, .120) and others; some NULL.
    const millis = [0, 100, 120, 999, 1, 10, 89, 500];
    const rows = Array.from({ length: 600 }, (_, i) => ({
      text: randomRows(1, 1, random)[0][0],
      at: i % 9 === 4 ? null : new Date(base + i * 86_400_123 + millis[i % millis.length]),
      other: i % 5 === 0 ? null : new Date(base - i * 3_600_000 + millis[(i + 3) % millis.length]),
    }));
    await client.query(`DROP TABLE IF EXISTS stamped`);
    await client.query(`CREATE TEMP TABLE stamped (n int, t text, at timestamp(3), other timestamp(3))`);
    await client.query(`INSERT INTO stamped SELECT * FROM unnest($1::int[], $2::text[], $3::timestamp(3)[], $4::timestamp(3)[])`, [
      rows.map((_, i) => i),
      rows.map((r) => r.text),
      rows.map((r) => r.at?.toISOString().replace("Z", "") ?? null),
      rows.map((r) => r.other?.toISOString().replace("Z", "") ?? null),
    ]);
    const iso = (d: Date | null) => d?.toISOString() ?? "";
    const copy = async (select: string) => {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY (SELECT ${select} FROM stamped ORDER BY n) TO STDOUT WITH (FORMAT csv)`)))
        chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    };
    await client.query(`SET DateStyle = ISO`);
    // Text between two timestamps (records with quotes take the byte-by-byte way, the others the fast one).
    const three = await copy(`${spreadsheetTimestampSql("at")}, ${spreadsheetCellSql("t")}, ${spreadsheetTimestampSql("other")}`);
    const expected = spreadsheetCsv(
      rows.map((r) => [iso(r.at), r.text, iso(r.other)]),
      { byteOrderMark: false },
    );
    expect(convert(three, false, () => three.length, [0, 2])).toBe(expected);
    expect(convert(three, false, () => 1 + Math.floor(random() * 9), [0, 2])).toBe(expected);
    // A timestamp alone (the single-column file's extra NULL column).
    const one = await copy(`${spreadsheetTimestampSql("at")}, NULL`);
    expect(convert(one, true, () => 7, [0])).toBe(
      spreadsheetCsv(
        rows.map((r) => [iso(r.at)]),
        { byteOrderMark: false },
      ),
    );
  });
});
