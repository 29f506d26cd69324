import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccount } from "@/lib/auth/guards";
import { emailOf } from "@/lib/accounts/account-details";
import { getSeatStatistics } from "@/lib/licensing";
import { getSeatHistoryView } from "@/lib/history/seat-history-view";
import { listAreaChoices } from "@/lib/areas/list-areas";
import { getNotifications } from "@/lib/notifications/notifications";
import { listPeople } from "@/lib/people/list-people";
import { parsePeopleQuery } from "@/lib/people/people-query";
import { RequestLicensesDialog } from "@/app/admin/license-requests/request-dialog";
import { LicenseRequestList } from "@/app/admin/license-requests/request-list";
import { NotificationBell } from "./notification-bell";
import { SeatStatistics } from "@/components/seat-statistics";
import { SeatHistoryCard } from "@/components/seat-history/seat-history-card";
import { Button } from "@/components/ui/button";
import { CreateAccountForm } from "./create-account-form";
import { ExportDialog } from "./export-dialog";
import { PeopleFilters } from "./people-filters";
import { peaksOfLastYear } from "@/components/seat-history/history-range";
import { PeopleList } from "./people-list";
import { IgnoredPartsNotice } from "@/components/ui/ignored-parts-notice";

export const metadata: Metadata = { title: "People" };
export const dynamic = "force-dynamic";

export default async function PeoplePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requirePageAccount("peopleAdmin");
  const { query, problems } = parsePeopleQuery(await searchParams);
  const [stats, history, areas, list, { items: notifications, unread }, contactEmail] = await Promise.all([
    getSeatStatistics(),
    getSeatHistoryView(),
    listAreaChoices(),
    listPeople(query),
    getNotifications(account.id),
    emailOf(account.id),
  ]);
  return (
    <main className="page">
      <div className="page-title">
        <h1>Admin › People</h1>
        <NotificationBell
          unread={unread}
          items={notifications.map((n) => ({
            id: n.id,
            message: n.message,
            createdAt: n.createdAt.toISOString(),
            read: n.readAt !== null,
          }))}
        />
      </div>
      <SeatStatistics
        pools={stats}
        peaks={peaksOfLastYear(history)}
        forecasts={history.pools.flatMap((p) => (p.forecast ? [p.forecast] : []))}
      />
      <SeatHistoryCard view={history} />
      <details className="card more-licenses">
        <summary>More licenses: request seats from your vendor, see past requests</summary>
        <div className="section-title">
          <p className="muted">The vendor&apos;s accounts team quotes, then a sysadmin applies the new license they issue.</p>
          <RequestLicensesDialog contactName={account.name} contactEmail={contactEmail} />
        </div>
        <LicenseRequestList />
      </details>
      <IgnoredPartsNotice problems={problems} />
      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title">Create an account</h2>
        <CreateAccountForm areas={areas} />
      </section>
      <section className="card" aria-labelledby="list-title">
        <div className="section-title">
          <h2 id="list-title">People</h2>
          <div className="filter-buttons">
            <Button asChild>
              <Link href="/admin/people/areas">Areas…</Link>
            </Button>
            <Button asChild>
              <Link href="/admin/people/import">Import…</Link>
            </Button>
            <Button asChild>
              <Link href="/admin/people/inactive">Inactive accounts…</Link>
            </Button>
            <Button asChild>
              <Link href="/admin/people/bulk-jobs">Bulk jobs…</Link>
            </Button>
            <ExportDialog query={query} total={list.total} capped={list.capped} />
          </div>
        </div>
        <PeopleFilters query={query} areas={areas} />
        <PeopleList
          rows={list.rows.map((r) => ({
            id: r.id,
            name: `${r.givenName} ${r.familyName}`,
            username: r.username,
            email: r.email,
            area: r.area.name,
            state: r.state,
            blockedReason: r.blockedReason,
            createdAt: r.createdAt.toISOString(),
            lastSignInAt: r.lastSignInAt?.toISOString() ?? null,
            lastActiveAt: r.lastActiveAt?.toISOString() ?? null,
            isSysadmin: r.isSysadmin,
          }))}
          query={query}
          total={list.total}
          capped={list.capped}
          pageCount={list.pageCount}
          selfId={account.id}
          viewerIsSysadmin={account.isSysadmin}
        />
      </section>
    </main>
  );
}
