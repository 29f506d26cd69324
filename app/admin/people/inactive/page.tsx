import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { requirePageAccountWithAnyRole } from "@/lib/auth/guards";
import { utcLongDate, utcMinute } from "@/lib/format/utc";
import { getInactivityPolicies } from "@/lib/licensing/inactivity-policy";
import { previewInactivityRun } from "@/lib/licensing/inactivity-preview";
import { listInactivityRuns } from "@/lib/licensing/run-inactivity-policy";
import { mailConfigured } from "@/lib/mail/outbox";
import { POOL_TITLE } from "@/lib/vocabulary";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Inactive accounts" };
export const dynamic = "force-dynamic";

/** Rows of the preview shown: the run itself has no such limit. */
const PREVIEW_ROWS = 200;

/** Admin › People › Inactive accounts: each pool's policy, who the next run would block, past runs. */
export default async function InactiveAccountsPage() {
  await requirePageAccountWithAnyRole("peopleAdmin", "sysadmin");
  const [policies, preview, runs] = await Promise.all([getInactivityPolicies(), previewInactivityRun(), listInactivityRuns()]);
  const mail = mailConfigured();
  return (
    <main className="page">
      <p>
        <Link href="/admin/people">← Admin › People</Link>
      </p>
      <h1>Inactive accounts</h1>
      <p className="muted">
        A policy blocks, once a day, the active accounts of its pool that nobody used for a number of days (last sign-in or use of the
        console; an account never used counts from its creation), freeing their seats. They show as &quot;Blocked: inactive&quot;; signing
        in again with the right password brings an account back when its pool has a free seat. Off by default.{" "}
        {mail ? null : "E-mail is off (SMTP_URL is not set): warnings before a block are not sent."}
      </p>
      <div className="pool-policies">
        {policies.map((policy) => (
          <section key={policy.pool} className="card" aria-labelledby={`policy-${policy.pool}`}>
            <h2 id={`policy-${policy.pool}`}>{POOL_TITLE[policy.pool]}</h2>
            <PolicyForm policy={{ ...policy, title: POOL_TITLE[policy.pool] }} mail={mail} />
          </section>
        ))}
      </div>
      <section className="card" aria-labelledby="preview-title" data-testid="inactive-preview">
        <h2 id="preview-title">Preview of the next run</h2>
        <p>
          The next run ({utcMinute(preview.nextRun)} UTC or within the hour after) would block{" "}
          <strong data-testid="preview-block-count">{preview.block.length.toLocaleString("en")}</strong> account
          {preview.block.length === 1 ? "" : "s"}
          {preview.mail ? ` and warn ${preview.warn.length.toLocaleString("en")}` : ""}.
        </p>
        <DataTable caption="Accounts the next run would block">
          <thead>
            <tr>
              <th scope="col">User name</th>
              <th scope="col">Name</th>
              <th scope="col">Pool</th>
              <th scope="col">Inactive since</th>
              <th scope="col">Blocked on</th>
            </tr>
          </thead>
          <tbody>
            {preview.block.slice(0, PREVIEW_ROWS).map((p) => (
              <tr key={p.id}>
                <td>
                  <Link href={`/admin/people/${p.id}`} prefetch={false}>
                    {p.username}
                  </Link>
                </td>
                <td>{p.name}</td>
                <td>{POOL_TITLE[p.pool]}</td>
                <td>{utcLongDate(p.inactiveSince)}</td>
                <td>{utcLongDate(preview.nextRun)}</td>
              </tr>
            ))}
            {preview.block.length === 0 ? (
              <EmptyRow colSpan={5}>Nobody: no policy is on, or no account is inactive long enough.</EmptyRow>
            ) : null}
          </tbody>
        </DataTable>
        {preview.block.length > PREVIEW_ROWS ? <p className="muted">The first {PREVIEW_ROWS} are shown.</p> : null}
        {preview.warn.length ? (
          <p>
            Warned by e-mail at the next run:{" "}
            {preview.warn
              .slice(0, PREVIEW_ROWS)
              .map((p) => `${p.username} (blocked on ${utcLongDate(p.blockAt)})`)
              .join(", ")}
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Past runs</h2>
        <DataTable caption="Reports of the daily runs, newest first">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Warned</th>
              <th scope="col">Blocked</th>
              <th scope="col">Seats freed per pool</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>{utcLongDate(run.day)}</td>
                <td>{run.warned}</td>
                <td>{run.blocked}</td>
                <td>
                  {run.byPool.length
                    ? run.byPool
                        .map((p) => `${POOL_TITLE[p.pool]}: ${p.seatsFreed}${p.skipped ? ` (${p.skipped} kept by the guard rails)` : ""}`)
                        .join("; ")
                    : "—"}
                </td>
              </tr>
            ))}
            {runs.length === 0 ? <EmptyRow colSpan={4}>No run yet.</EmptyRow> : null}
          </tbody>
        </DataTable>
      </section>
    </main>
  );
}
