import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requirePageAccount } from "@/lib/auth/guards";
import { config } from "@/lib/config";
import { listScimTokens } from "@/lib/scim/tokens";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import { CreateTokenForm, RevokeTokenButton } from "./token-forms";

export const metadata: Metadata = { title: "Directory sync" };
export const dynamic = "force-dynamic";

export default async function DirectoryPage() {
  await requirePageAccount("sysadmin");
  const tokens = await listScimTokens();
  const host = (await headers()).get("host") ?? "localhost:3000";
  const { SEATKEEPER_URL } = config();
  const base = SEATKEEPER_URL ? `${SEATKEEPER_URL.replace(/\/$/, "")}/scim/v2` : `http://${host}/scim/v2`;
  return (
    <main className="page">
      <h1>Admin › System › Directory sync</h1>
      <section className="card" aria-labelledby="scim-title">
        <h2 id="scim-title">SCIM 2.0 for Okta and Microsoft Entra ID</h2>
        <dl className="kv">
          <div>
            <dt>SCIM base URL</dt>
            <dd data-testid="scim-base">{base}</dd>
          </div>
          <div>
            <dt>Authentication</dt>
            <dd>HTTP header, Bearer token</dd>
          </div>
        </dl>
        <p className="muted">
          When a pool is full, synced users are created blocked, waiting for a seat, and become active (oldest first) on a later sync as
          seats free up. Users an administrator blocks by hand stay blocked.
        </p>
      </section>
      <section className="card" aria-labelledby="ldap-link-title">
        <h2 id="ldap-link-title">Active Directory / LDAP</h2>
        <p>
          Sync people from Active Directory or any LDAP directory, and let them sign in with their directory password:{" "}
          <Link href="/admin/system/directory/ldap">LDAP settings and sync</Link>.
        </p>
      </section>
      <section className="card" aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <CreateTokenForm />
      </section>
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">Tokens</h2>
        <DataTable data-testid="scim-tokens" caption="SCIM tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 ? <EmptyRow colSpan={6}>No tokens yet.</EmptyRow> : null}
            {tokens.map((t) => (
              <tr key={t.id} data-token-name={t.name}>
                <td>{t.name}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>
                  <UtcTime value={t.createdAt} /> by {t.createdBy}
                </td>
                <td>
                  <UtcTime value={t.lastUsedAt} />
                </td>
                <td>
                  {t.revokedAt ? (
                    <>
                      <Badge tone="blocked">revoked</Badge> <UtcTime value={t.revokedAt} />
                    </>
                  ) : (
                    <Badge tone="active">active</Badge>
                  )}
                </td>
                <td>{t.revokedAt ? null : <RevokeTokenButton id={t.id} name={t.name} />}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>
    </main>
  );
}
