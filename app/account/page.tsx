import type { Metadata } from "next";
import { AppHeader } from "@/components/app-header";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import { listOpenSessions } from "@/lib/accounts/sessions";
import { requirePageAccount } from "@/lib/auth/guards";
import { ChangePasswordForm } from "./change-password-form";
import { SignOutEverywhereButton } from "./sign-out-everywhere-button";

export const metadata: Metadata = { title: "My account" };
export const dynamic = "force-dynamic";

export default async function MyAccountPage() {
  const account = await requirePageAccount(undefined, { duringPasswordChange: true });
  const sessions = await listOpenSessions(account.id);
  return (
    <>
      <AppHeader account={account} />
      <main className="page narrow">
        <h1>My account</h1>
        <p className="muted">
          Signed in as <strong>{account.username}</strong> ({account.name}).
        </p>
        {account.mustChangePassword ? (
          <div className="alert alert-warning" role="status" data-testid="password-required">
            You signed in with a one-time password. Choose your own password before you continue.
          </div>
        ) : null}
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Change your password</h2>
          <ChangePasswordForm required={account.mustChangePassword} />
        </section>
        <section className="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Where you are signed in</h2>
          <DataTable caption="Your open sessions" scrollLabel="Your open sessions">
            <thead>
              <tr>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">Browser</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <UtcTime value={s.createdAt} />
                    {s.id === account.sessionId ? <Badge tone="active">this browser</Badge> : null}
                  </td>
                  <td>
                    <UtcTime value={s.lastSeenAt} />
                  </td>
                  <td className="wrap">{s.userAgent ?? "unknown"}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <p className="muted">Signing out everywhere ends every session, this one too; a copied cookie stops working at once.</p>
          <SignOutEverywhereButton />
        </section>
      </main>
    </>
  );
}
