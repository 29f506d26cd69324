import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { AUDIT_ACTIONS } from "./audit-actions";
import { parseAuditQuery, type AuditFilter } from "./audit-query";
import { AUDIT_CSV_HEADER, exportAuditEventsCsv } from "./export-audit-events";
import { listAuditEvents } from "./list-audit-events";
import { verifyAuditChain } from "./verify-chain";

describe("parseAuditQuery", () => {
  it("keeps good values and names each bad one it ignores", () => {
    const { query, problems } = parseAuditQuery({
      actor: " sysadmin ",
      account: "Jane.Doe",
      action: "account.block",
      outcome: "refused",
      pool: "extranet",
      from: "2026-01-01",
      to: "2026-01-31",
      page: "3",
      size: "50",
    });
    expect(query).toEqual({
      actor: "sysadmin",
      account: "Jane.Doe",
      action: "account.block",
      outcome: "refused",
      pool: "extranet",
      from: "2026-01-01",
      to: "2026-01-31",
      page: 3,
      size: 50,
    });
    expect(problems).toEqual([]);
  });

  it("drops unknown actions, outcomes, pools, impossible dates, bad pages and sizes, and a range that ends before it starts", () => {
    const { query, problems } = parseAuditQuery({
      action: "drop table",
      outcome: "maybe",
      pool: "moon",
      from: "2026-02-30",
      to: "yesterday",
      page: "0",
      size: "7",
      actor: "a\u0000b",
    });
    expect(query).toEqual({ page: 1, size: 25 });
    expect(problems).toHaveLength(8);
    expect(problems.join("\n")).toMatch(/action=.*Unknown action/);
    expect(problems.join("\n")).toMatch(/from="2026-02-30": From is not a date of the calendar/);
    const reversed = parseAuditQuery({ from: "2026-03-01", to: "2026-02-01" });
    expect(reversed.query.from).toBe("2026-03-01");
    expect(reversed.query.to).toBeUndefined();
    expect(reversed.problems).toEqual(["Ignored to=2026-02-01: it is before from=2026-03-01."]);
  });
});

type Made = {
  id: string;
  at: Date;
  actorLabel: string;
  action: string;
  outcome: "SUCCESS" | "REFUSED";
  accountLabel: string | null;
  pool: "PRIMARY" | "EXTRANET" | null;
};

let t: TestDatabase;
const made: Made[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const actors = ["sysadmin", "peopleadmin", '=HYPERLINK("x")'];
  const accounts = ["ann", "bob", null];
  // 90 events over 45 days of January and February 2030, deterministic and varied; several share a moment.
  for (let i = 0; i < 90; i++) {
    const at = new Date(Date.UTC(2030, 0, 1 + Math.floor(i / 2), 12, i % 3 === 0 ? 0 : 30));
    const e = await t.db.auditEvent.create({
      data: {
        at,
        actorLabel: actors[i % 3],
        action: AUDIT_ACTIONS[i % 5],
        outcome: i % 7 === 0 ? "REFUSED" : "SUCCESS",
        accountLabel: accounts[i % 4] ?? null,
        pool: i % 4 === 3 ? null : i % 2 ? "EXTRANET" : "PRIMARY",
        before: i % 5 === 1 ? { state: "ACTIVE" } : undefined,
        after: i % 5 === 1 ? { state: "BLOCKED" } : { username: `u${i}`, note: "-1+2" },
        detail: i === 4 ? "=1+1" : null,
      },
    });
    made.push({ ...e, id: e.id.toString() });
  }
});
afterAll(async () => {
  await t?.close();
});

/** What a filter must select, computed by hand from the events written, newest first. */
function expected(filter: AuditFilter): string[] {
  return made
    .filter(
      (e) =>
        (!filter.actor || e.actorLabel === filter.actor) &&
        (!filter.account || e.accountLabel === filter.account.toLowerCase()) &&
        (!filter.action || e.action === filter.action) &&
        (!filter.outcome || e.outcome === (filter.outcome === "success" ? "SUCCESS" : "REFUSED")) &&
        (!filter.pool || e.pool === filter.pool.toUpperCase()) &&
        (!filter.from || e.at >= new Date(`${filter.from}T00:00:00Z`)) &&
        (!filter.to || e.at < new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000)),
    )
    .sort((a, b) => b.at.getTime() - a.at.getTime() || Number(BigInt(b.id) - BigInt(a.id)))
    .map((e) => e.id);
}

async function allPages(filter: AuditFilter, size: 25 | 50 | 100): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const result = await listAuditEvents({ ...filter, page, size }, t.db);
    ids.push(...result.events.map((e) => e.id));
    if (!result.hasNext) return ids;
  }
}

const FILTERS: AuditFilter[] = [
  {},
  { actor: "peopleadmin" },
  { account: "Bob" },
  { action: "account.block" },
  { outcome: "refused" },
  { pool: "extranet" },
  { from: "2030-01-10", to: "2030-01-20" },
  { to: "2030-01-01" },
  { actor: "sysadmin", pool: "primary", outcome: "success", from: "2030-01-05" },
  { account: "ann", action: "account.create" },
  { actor: "nobody" },
];

describe("the audit log", () => {
  it.each(FILTERS)("pages exactly the events %j selects, newest first", async (filter) => {
    const want = expected(filter);
    expect(await allPages(filter, 25)).toEqual(want);
    const first = await listAuditEvents({ ...filter, page: 1, size: 25 }, t.db);
    expect(first.hasNext).toBe(want.length > 25);
  });

  it("exports the current filter as CSV: byte-order mark, CRLF, header, every event once, formulas made plain text", async () => {
    let text = "";
    for await (const chunk of exportAuditEventsCsv({ pool: "extranet" }, { batchSize: 7 }, t.db)) text += chunk;
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const rows = Papa.parse<string[]>(text.slice(1).trimEnd(), { newline: "\r\n" }).data;
    expect(rows[0]).toEqual(AUDIT_CSV_HEADER);
    const want = expected({ pool: "extranet" });
    expect(rows.slice(1).map((r) => r[10])).toEqual(want);
    const byId = new Map(made.map((e) => [e.id, e]));
    for (const r of rows.slice(1)) {
      const e = byId.get(r[10])!;
      expect(r[0]).toBe(e.at.toISOString().replace("T", " ").slice(0, 19));
      expect(r[5]).toBe("EXTRANET");
      // A cell a spreadsheet would run as a formula starts with a quote.
      expect(r[1]).toBe(e.actorLabel.startsWith("=") ? `'${e.actorLabel}` : e.actorLabel);
    }
    const blocked = rows.find((r) => r[2] === "account.block");
    expect(blocked?.[6]).toBe("state: ACTIVE → BLOCKED");
  });

  it("an export of nothing is the header alone", async () => {
    let text = "";
    for await (const chunk of exportAuditEventsCsv({ actor: "nobody" }, {}, t.db)) text += chunk;
    expect(text).toBe(`\uFEFF${AUDIT_CSV_HEADER.join(",")}\r\n`);
  });

  it("events written with their own time still form a chain that verifies", async () => {
    expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: true, count: 90 });
  });
});
