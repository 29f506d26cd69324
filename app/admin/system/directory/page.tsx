import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { requirePageAccount } from "@/lib/auth/guards";
import { config } from "@/lib/config";
import { listAreaChoices } from "@/lib/areas/list-areas";
import { GROUPS_SHOWN, listReceivedGroups } from "@/lib/directory-groups/list-groups";
import { listGroupMappings } from "@/lib/directory-groups/mappings";
import { listScimTokens } from "@/lib/scim/tokens";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import { AddMappingForm, MappingActions } from "./group-forms";
import { CreateTokenForm, RevokeTokenButton } from "./token-forms";

export const metadata: Metadata = { title: "Directory sync" };
export const dynamic = "force-dynamic";

export default async function DirectoryPage() {
  await requirePageAccount("sysadmin");
  const [tokens, mappings, received, areas] = await Promise.all([
    listScimTokens(),
    listGroupMappings(),
    listReceivedGroups(),
    listAreaChoices(),
  ]);
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
      <section className="card" aria-labelledby="groups-title">
        <h2 id="groups-title">Groups and areas</h2>
        <div className="stack">
          <p>
            Map a directory group to an area and its members live in that area: when they join the group they move there, through the usual
            seat rules (a free seat in the area&apos;s pool, or they wait for one, oldest first).{" "}
            <strong>A person in several mapped groups goes to the area of the first of those mappings in this list</strong>; change the
            order with Up and Down. People in no mapped group stay where they are, and groups without a mapping change nothing.
          </p>
          <p data-testid="group-areas-recheck">
            Every 5 minutes, and right after a mapping is added, moved or removed, Seatkeeper re-checks everyone in a mapped group and moves
            those who are not in the area their groups decide (for example after a move that was refused because they are the last
            administrator). People waiting for a seat get one as seats free up, oldest first.
          </p>
          <DataTable data-testid="group-mappings" caption="Group mappings, first match wins">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Group</th>
                <th scope="col">Area</th>
                <th scope="col">Received</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {mappings.length === 0 ? (
                <EmptyRow colSpan={5}>No mappings yet: every account stays in the area it was given.</EmptyRow>
              ) : null}
              {mappings.map((m, index) => (
                <tr key={m.id} data-mapping-group={m.groupName}>
                  <td>{index + 1}</td>
                  <td>
                    {m.groupName}
                    {m.matchBy === "EXTERNAL_ID" ? <span className="muted"> (external id)</span> : null}
                  </td>
                  <td>{m.area.name}</td>
                  <td>
                    {m.group ? (
                      `${m.group.members} member${m.group.members === 1 ? "" : "s"}`
                    ) : (
                      <span className="muted">not received yet</span>
                    )}
                  </td>
                  <td>
                    <MappingActions id={m.id} groupName={m.groupName} first={index === 0} last={index === mappings.length - 1} />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          <h3>New mapping</h3>
          <AddMappingForm areas={areas} />
          <h3>Groups received</h3>
          <DataTable data-testid="scim-groups" caption="Groups the directory sent">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">External id</th>
                <th scope="col">Members</th>
                <th scope="col">Mapped area</th>
              </tr>
            </thead>
            <tbody>
              {received.groups.length === 0 ? <EmptyRow colSpan={4}>No groups received yet.</EmptyRow> : null}
              {received.groups.map((g) => (
                <tr key={g.id}>
                  <td>{g.displayName}</td>
                  <td>{g.externalId ?? <span className="muted">–</span>}</td>
                  <td>{g.members}</td>
                  <td>{g.mappedArea ?? <span className="muted">not mapped</span>}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
          {received.total > GROUPS_SHOWN ? (
            <p className="muted">
              The first {GROUPS_SHOWN} of {received.total} groups, by name.
            </p>
          ) : null}
        </div>
      </section>
    </main>
  );
}
