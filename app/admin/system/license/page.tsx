import type { Metadata } from "next";
import { requirePageAccount } from "@/lib/auth/guards";
import { emailOf } from "@/lib/accounts/account-details";
import { getActiveAccountSummary } from "@/lib/licensing";
import { getSeatHistoryView } from "@/lib/history/seat-history-view";
import { SeatHistoryCard } from "@/components/seat-history/seat-history-card";
import { getLicenseInForce } from "@/lib/licensing/license-in-force";
import { RequestLicensesDialog } from "@/app/admin/license-requests/request-dialog";
import { LicenseRequestList } from "@/app/admin/license-requests/request-list";
import { ApplyLicenseForm } from "./apply-license-form";
import { LicenseFields } from "./license-fields";
import { utcDate, utcMinute } from "@/lib/format/utc";

export const metadata: Metadata = { title: "License" };
export const dynamic = "force-dynamic";

function formatDate(date: Date | null): string {
  return date ? utcDate(date) : "never";
}

export default async function LicensePage() {
  const account = await requirePageAccount("sysadmin");
  const [contactEmail, license, summary, history] = await Promise.all([
    emailOf(account.id),
    getLicenseInForce(),
    getActiveAccountSummary(),
    getSeatHistoryView(),
  ]);
  return (
    <main className="page">
      <h1>Admin › System › License</h1>
      {license ? (
        <LicenseFields
          first={[
            ["Max_Users", String(license.maxUsers)],
            ["Licensee", license.licensee],
            ["Expires", formatDate(license.expiresAt)],
          ]}
          rest={[
            ["Max_extranet_users", String(license.maxExtranetUsers)],
            ["License id", license.licenseId],
            ["Site id", license.siteId],
            ["Issued", formatDate(license.issuedAt)],
            ["Applied", utcMinute(license.appliedAt)],
            ["Signed by the vendor", license.document ? "Yes" : "No (demo bootstrap license)"],
          ]}
        />
      ) : (
        <p className="alert alert-warning">No license is in force: no account can be made active.</p>
      )}
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl className="kv">
          <div>
            <dt>Total active accounts</dt>
            <dd data-testid="total-active">{summary.totalActive}</dd>
          </div>
          <div>
            <dt>Active intranet (primary area) accounts</dt>
            <dd data-testid="primary-active">{summary.primaryActive}</dd>
          </div>
        </dl>
        <p className="muted">
          Blocked accounts use no license and are not counted. The difference, {summary.extranetActive}, is the number of active extranet
          accounts.
        </p>
      </section>
      <SeatHistoryCard view={history} />
      <section className="card" aria-labelledby="more-title">
        <div className="section-title">
          <h2 id="more-title">More licenses</h2>
          <RequestLicensesDialog contactName={account.name} contactEmail={contactEmail} />
        </div>
        <p className="muted">
          Ask your vendor for more seats here. Once they issue a new license file, apply it below: the seat limits only change through a
          license the vendor signed.
        </p>
        <h3>Past requests</h3>
        <LicenseRequestList />
      </section>
      <section className="card" aria-labelledby="apply-title">
        <h2 id="apply-title">Apply a license</h2>
        <ApplyLicenseForm />
      </section>
    </main>
  );
}
