import type { Metadata } from "next";
import Link from "next/link";
import { AccountStateBadge } from "@/components/account-state-badge";
import { DataTable } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import { listAdministrators } from "@/lib/accounts/change-roles";
import { requirePageAccount } from "@/lib/auth/guards";
import { AppointForm, RevokeButton } from "./roles-forms";

export const metadata: Metadata = { title: "Roles" };
export const dynamic = "force-dynamic";

export default async function RolesPage() {
  await requirePageAccount("sysadmin");
  const administrators = await listAdministrators();
  return (
    <main className="page">
      <h1>Admin › System › Roles</h1>
      <p className="muted">
        Sysadmins see and apply the license and run Admin › System; People administrators manage accounts in Admin › People and are told
        when a pool fills up. The site always keeps one active sysadmin and one active People administrator; nobody removes their own
        sysadmin role.
      </p>
      <section className="card" aria-labelledby="admins-title">
        <h2 id="admins-title">Who holds a role</h2>
        <DataTable caption="Accounts that hold a role">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">User name</th>
              <th scope="col">Account state</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">People administrator</th>
              <th scope="col">Sysadmin</th>
            </tr>
          </thead>
          <tbody>
            {administrators.map((a) => (
              <tr key={a.id} data-username={a.username}>
                <td>
                  <Link href={`/admin/people/${a.id}`}>
                    {a.givenName} {a.familyName}
                  </Link>
                </td>
                <td>{a.username}</td>
                <td>
                  <AccountStateBadge state={a.state} blockedReason={a.blockedReason} />
                </td>
                <td>
                  <UtcTime value={a.lastSignInAt} dateOnly />
                </td>
                <td>
                  {a.isPeopleAdmin ? (
                    <RevokeButton accountId={a.id} username={a.username} role="peopleAdmin" label="People administrator" />
                  ) : (
                    "–"
                  )}
                </td>
                <td>{a.isSysadmin ? <RevokeButton accountId={a.id} username={a.username} role="sysadmin" label="sysadmin" /> : "–"}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>
      <section className="card" aria-labelledby="appoint-title">
        <h2 id="appoint-title">Appoint</h2>
        <p className="muted">
          Give a role to an existing account by its user name. Their open sessions end, so the new rights apply at their next sign-in.
        </p>
        <AppointForm />
      </section>
    </main>
  );
}
