import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { AccountStateBadge } from "@/components/account-state-badge";
import { UtcTime } from "@/components/utc-time";
import { getAccountDetails, getAccountHistory } from "@/lib/accounts/account-details";
import { listAreaChoices } from "@/lib/areas/list-areas";
import { requirePageAccountWithAnyRole } from "@/lib/auth/guards";
import { DIRECTORY_OWNED_REASON } from "@/lib/licensing";
import { POOL_LABEL, SOURCE_LABEL } from "@/lib/vocabulary";
import { mailConfigured } from "@/lib/mail/outbox";
import { AccountHistory } from "./account-history";
import { MoveForm, PasswordPanel, ProfileForm, RolesForm, StatePanel } from "./account-forms";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

const historyPageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePageAccountWithAnyRole("peopleAdmin", "sysadmin");
  const { id } = await params;
  const account = await getAccountDetails(id);
  if (!account) notFound();
  const historyPage = historyPageSchema.parse((await searchParams).history ?? 1);
  const [areas, history] = await Promise.all([listAreaChoices(), getAccountHistory(account.id, historyPage)]);

  const self = viewer.id === account.id;
  // Why a part of the page is read-only for this viewer (null: they may change it).
  const notPeopleAdmin = viewer.isPeopleAdmin ? null : "Only People administrators change accounts.";
  const protectedSysadmin =
    account.isSysadmin && !viewer.isSysadmin
      ? `${account.username} is a sysadmin: only a sysadmin may edit, block, delete or reset the password of a sysadmin's account.`
      : null;
  const directory = account.directoryManaged ? DIRECTORY_OWNED_REASON : null;
  const profileReadOnly = notPeopleAdmin ?? protectedSysadmin ?? directory;
  const stateReadOnly = notPeopleAdmin ?? protectedSysadmin ?? (self ? "This is your own account: you cannot block or delete it." : null);
  const passwordReadOnly = protectedSysadmin ?? (self ? "To change your own password, use My account." : null);

  return (
    <main className="page">
      <p>
        <Link href="/admin/people">‹ Admin › People</Link>
      </p>
      <div className="page-title">
        <h1>
          {account.givenName} {account.familyName} <span className="muted">({account.username})</span>
        </h1>
        <AccountStateBadge state={account.state} blockedReason={account.blockedReason} />
      </div>

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl className="kv kv-small">
          <div>
            <dt>Area</dt>
            <dd>
              {account.area.name} ({POOL_LABEL[account.area.pool]})
            </dd>
          </div>
          <div>
            <dt>Roles</dt>
            <dd data-testid="roles">
              {[account.isSysadmin ? "Sysadmin" : null, account.isPeopleAdmin ? "People administrator" : null].filter(Boolean).join(", ") ||
                "None"}
            </dd>
          </div>
          <div>
            <dt>Came from</dt>
            <dd>
              {SOURCE_LABEL[account.source]}
              {account.externalId ? ` (external id ${account.externalId})` : ""}
            </dd>
          </div>
          {account.displayName ? (
            <div>
              <dt>Display name</dt>
              <dd data-testid="display-name">{account.displayName}</dd>
            </div>
          ) : null}
          <div>
            <dt>Created</dt>
            <dd>
              <UtcTime value={account.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Last sign-in</dt>
            <dd>
              <UtcTime value={account.lastSignInAt} />
            </dd>
          </div>
          <div>
            <dt>Last activity</dt>
            <dd>
              <UtcTime value={account.lastActiveAt} />
            </dd>
          </div>
          {account.state === "BLOCKED" ? (
            <div>
              <dt>{account.blockedReason === "NO_SEAT" ? "Waiting for a seat since" : "Blocked since"}</dt>
              <dd>
                <UtcTime value={account.waitingSince ?? account.blockedAt} />
              </dd>
            </div>
          ) : null}
          <div>
            <dt>Password</dt>
            <dd>
              {account.mustChangePassword ? (
                "One-time password: to be changed at the next sign-in"
              ) : account.passwordChangedAt ? (
                <>
                  Changed <UtcTime value={account.passwordChangedAt} />
                </>
              ) : (
                "Set at creation, or none"
              )}
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <ProfileForm account={account} readOnly={profileReadOnly} />
      </section>

      <div className="stats">
        <section className="card" aria-labelledby="area-title">
          <h2 id="area-title">Area</h2>
          <p className="muted">An active account moving to the other pool needs a free seat there.</p>
          <MoveForm accountId={account.id} currentAreaId={account.area.id} areas={areas} readOnly={profileReadOnly} />
        </section>
        <section className="card" aria-labelledby="state-title">
          <h2 id="state-title">Block, unblock or delete</h2>
          <StatePanel account={account} readOnly={stateReadOnly} />
        </section>
        <section className="card" aria-labelledby="roles-title">
          <h2 id="roles-title">Roles</h2>
          <RolesForm account={account} editable={viewer.isSysadmin} />
        </section>
        <section className="card" aria-labelledby="password-title">
          <h2 id="password-title">Password</h2>
          <PasswordPanel accountId={account.id} mailReady={mailConfigured()} readOnly={passwordReadOnly} />
        </section>
      </div>

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <AccountHistory accountId={account.id} history={history} />
      </section>
    </main>
  );
}
