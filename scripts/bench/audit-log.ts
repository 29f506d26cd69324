import { verifyAuditChain } from "../../lib/audit/verify-chain";
import { listAuditEvents } from "../../lib/audit/list-audit-events";
import type { BenchContext } from "./context";
import { log, row, timed, type SectionResult } from "./measure";

const COLUMNS = `id, at, "actorLabel", action, outcome, "accountId", "accountLabel", pool, before, after, detail`;

/**
 * The audit log on the events the history section wrote (a million, sealed into the chain right
 * after they were inserted): its first page and a filtered page against the SQL they amount
 * to, then audit:verify over the whole chain, which must find every event intact.
 */
export async function measureAuditLog({ db, raw, runs }: BenchContext): Promise<SectionResult> {
  const firstPage = await timed(() => listAuditEvents({ page: 1, size: 25 }, db), runs);
  const firstBase = await timed(() => raw.query(`SELECT ${COLUMNS} FROM "AuditEvent" ORDER BY at DESC, id DESC LIMIT 26`), runs);
  const query = { action: "account.block", pool: "extranet", from: "2025-01-01", page: 2, size: 50 } as const;
  const filtered = await timed(() => listAuditEvents(query, db), runs);
  const filteredBase = await timed(
    () =>
      raw.query(
        `SELECT ${COLUMNS} FROM "AuditEvent" WHERE action = 'account.block' AND pool = 'EXTRANET' AND at >= '2025-01-01'
         ORDER BY at DESC, id DESC LIMIT 51 OFFSET 50`,
      ),
    runs,
  );
  const sameRows = (await listAuditEvents(query, db)).events.length === 50;

  const total = Number((await raw.query(`SELECT count(*) AS n FROM "AuditEvent"`)).rows[0].n);
  const started = performance.now();
  const verdict = await verifyAuditChain({}, db);
  const verifyMs = performance.now() - started;
  log(`audit log measured; ${total} events verified in ${(verifyMs / 1000).toFixed(1)} s`);
  const failures: string[] = [];
  if (!verdict.ok) failures.push(`audit:verify found a broken chain in the bench's events: ${verdict.message}`);
  else if (verdict.count !== total) failures.push(`audit:verify walked ${verdict.count} events of ${total}`);
  if (!sameRows) failures.push("the filtered audit log page should hold 50 events");
  return {
    rows: [
      row("Audit log: first page (25)", firstPage, firstBase, "p95 < 100 ms", firstPage.p95 < 100),
      row("Audit log: filtered by action and pool, page 2 of 50", filtered, filteredBase, "p95 < 100 ms", filtered.p95 < 100),
      row(`audit:verify of ${total.toLocaleString("en")} events`, { median: verifyMs, p95: verifyMs }, null, "< 30 s", verifyMs < 30_000),
    ],
    notes: [
      `Audit log: ${total.toLocaleString("en")} chained events; audit:verify walked them in ${(verifyMs / 1000).toFixed(1)} s (one run).`,
    ],
    failures,
  };
}
