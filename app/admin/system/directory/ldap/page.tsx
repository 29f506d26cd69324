import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccount } from "@/lib/auth/guards";
import { listAreaChoices } from "@/lib/areas/list-areas";
import { settleInterruptedRuns } from "@/lib/ldap/interrupted-runs";
import { listLdapSyncRuns } from "@/lib/ldap/read-sync-runs";
import { getLdapSettings } from "@/lib/ldap/settings";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import { LdapSettingsForm, LdapSyncPanel, SkippedEntries } from "./ldap-forms";
import { RUN_BADGE } from "./run-state";

export const metadata: Metadata = { title: "LDAP / Active Directory" };
export const dynamic = "force-dynamic";

export default async function LdapPage() {
  await requirePageAccount("sysadmin");
  // A run whose process died shows as interrupted, not as running forever.
  await settleInterruptedRuns();
  const [settings, areas, runs] = await Promise.all([getLdapSettings(), listAreaChoices(), listLdapSyncRuns(20)]);
  return (
    <main className="page">
      <h1>Admin › System › Directory sync › LDAP</h1>
      <p className="muted">
        <Link href="/admin/system/directory">Directory sync</Link> · Active Directory or any LDAP directory: the console reads it (it never
        writes to it), creates, updates and blocks accounts to match, and people synced from it sign in with their directory password.
      </p>
      <section className="card" aria-labelledby="ldap-settings-title">
        <h2 id="ldap-settings-title">Settings</h2>
        <LdapSettingsForm
          settings={settings ? { ...settings, updatedAt: settings.updatedAt.toISOString() } : null}
          areas={areas.map((a) => ({ id: a.id, name: a.name, pool: a.pool }))}
        />
      </section>
      <section className="card" aria-labelledby="ldap-run-title">
        <h2 id="ldap-run-title">Sync</h2>
        <p className="muted">
          A sync reads the whole directory and checks every entry before it changes anything. It creates the people it finds (waiting for a
          seat when their pool is full), updates names and e-mail addresses, moves people whose groups changed, blocks accounts that are
          disabled in the directory or gone from it (blocked by the directory, never deleted), then activates waiting accounts, oldest
          first. Only accounts that came from LDAP are touched. Preview computes the same and writes nothing. Sync now runs in the
          background: leave the page or reload it, the run goes on and shows here until it ends. A run whose server process stopped is shown
          as interrupted and does not block the next one.
        </p>
        <LdapSyncPanel configured={Boolean(settings)} latest={runs[0] ?? null} />
      </section>
      <section className="card" aria-labelledby="ldap-runs-title">
        <h2 id="ldap-runs-title">Last runs</h2>
        <DataTable data-testid="ldap-runs" caption="Last LDAP sync runs">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">By</th>
              <th scope="col">Outcome</th>
              <th scope="col">Read</th>
              <th scope="col">Created (waiting)</th>
              <th scope="col">Updated</th>
              <th scope="col">Moved</th>
              <th scope="col">Blocked</th>
              <th scope="col">Activated</th>
              <th scope="col">Skipped</th>
            </tr>
          </thead>
          <tbody>
            {runs.length === 0 ? <EmptyRow colSpan={10}>No sync yet.</EmptyRow> : null}
            {runs.map((run) => {
              const { problems, counts } = run;
              return (
                <tr key={run.id}>
                  <td>
                    <UtcTime value={run.startedAt} />
                  </td>
                  <td>{run.trigger}</td>
                  <td>
                    <Badge tone={RUN_BADGE[run.phase].tone}>{RUN_BADGE[run.phase].word}</Badge>
                    {run.error ? ` ${run.error}` : ""}
                  </td>
                  <td>{counts.entries}</td>
                  <td>
                    {counts.created} ({counts.createdWaiting})
                  </td>
                  <td>{counts.updated}</td>
                  <td>{counts.moved}</td>
                  <td>{counts.blocked}</td>
                  <td>{counts.activated + counts.reactivated}</td>
                  <td>
                    {counts.skipped}
                    <SkippedEntries problems={problems} summary="Why" />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      </section>
    </main>
  );
}
