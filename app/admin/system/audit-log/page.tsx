import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { AUDIT_PAGE_SIZES, auditQueryToSearchParams, describeChange, parseAuditQuery, type AuditQuery } from "@/lib/audit/audit-query";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { requirePageAccount } from "@/lib/auth/guards";
import { POOL_TITLE } from "@/lib/vocabulary";
import { AuditFilters } from "./audit-filters";
import { IgnoredPartsNotice } from "@/components/ui/ignored-parts-notice";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const seconds = (at: Date) => `${at.toISOString().replace("T", " ").slice(0, 19)} UTC`;

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccount("sysadmin");
  const { query, problems } = parseAuditQuery(await searchParams);
  const log = await listAuditEvents(query);
  const href = (change: Partial<AuditQuery>) => {
    const params = auditQueryToSearchParams({ ...query, ...change }).toString();
    return `/admin/system/audit-log${params ? `?${params}` : ""}`;
  };
  const { page, size } = query;
  // The export takes the filters, not the page: it is every matching event.
  const exportParams = auditQueryToSearchParams({ ...query, page: undefined, size: undefined }).toString();
  const first = (page - 1) * size + 1;
  return (
    <main className="page">
      <h1>Admin › System › Audit log</h1>
      <p className="muted">
        Every change made in the console, by a command or by the directory sync, and every refusal, newest first. Each event is chained to
        the one before it by a hash: <code>npm run audit:verify</code> checks that none was altered or removed.
      </p>
      <IgnoredPartsNotice problems={problems} />
      <section className="card" aria-labelledby="events-title">
        <div className="section-title">
          <h2 id="events-title">Events</h2>
          <a className={buttonClass()} href={`/admin/system/audit-log/export${exportParams ? `?${exportParams}` : ""}`} download>
            Download CSV
          </a>
        </div>
        <AuditFilters query={query} />
        <DataTable caption="Audit events" scrollLabel="Audit events" className="table history">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col">Account</th>
              <th scope="col">Pool</th>
              <th scope="col">Before → after</th>
            </tr>
          </thead>
          <tbody>
            {log.events.map((e) => (
              <tr key={e.id} data-event-id={e.id}>
                <td>
                  <time dateTime={e.at.toISOString()}>{seconds(e.at)}</time>
                </td>
                <td>{e.actorLabel}</td>
                <td>{e.action}</td>
                <td>{e.outcome === "SUCCESS" ? "done" : <Badge tone="failed">refused</Badge>}</td>
                <td>{e.accountId ? <Link href={`/admin/people/${e.accountId}`}>{e.accountLabel}</Link> : (e.accountLabel ?? "–")}</td>
                <td>{e.pool ? POOL_TITLE[e.pool] : "–"}</td>
                <td className="detail">{[describeChange(e.before, e.after), e.detail].filter(Boolean).join(" · ")}</td>
              </tr>
            ))}
            {log.events.length === 0 ? <EmptyRow colSpan={7}>No event matches these filters.</EmptyRow> : null}
          </tbody>
        </DataTable>
        <Pager
          label="Audit log pages"
          summary={log.events.length ? `Events ${first}–${first + log.events.length - 1} · page ${page}` : `Page ${page}`}
          page={page}
          pageCount={log.hasNext ? page + 1 : page}
          href={(p) => href({ page: p })}
          words={{ first: "« Newest", previous: "‹ Newer", next: "Older ›" }}
          sizes={{ options: AUDIT_PAGE_SIZES, current: size, href: (s) => href({ size: s as AuditQuery["size"], page: 1 }) }}
        />
      </section>
    </main>
  );
}
