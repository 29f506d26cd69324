import { Badge } from "@/components/ui/badge";
import { Pager } from "@/components/ui/pager";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import type { getAccountHistory } from "@/lib/accounts/account-details";
import { describeChange } from "@/lib/audit/audit-query";

const ACTION_LABEL: Record<string, string> = {
  "account.create": "Created",
  "account.block": "Blocked",
  "account.unblock": "Unblocked",
  "account.delete": "Deleted",
  "account.move": "Moved",
  "account.activate_waiting": "Activated by sync",
  "account.update": "Profile changed",
  "account.roles": "Roles changed",
  "account.password": "Password",
};

export function AccountHistory({ accountId, history }: { accountId: string; history: Awaited<ReturnType<typeof getAccountHistory>> }) {
  const pageHref = (page: number) => `/admin/people/${accountId}?history=${page}#history-title`;
  return (
    <>
      <DataTable className="table history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {history.events.map((e) => (
            <tr key={e.id}>
              <td>
                <UtcTime value={e.at} />
              </td>
              <td>{e.actorLabel}</td>
              <td>{ACTION_LABEL[e.action] ?? e.action}</td>
              <td>{e.outcome === "SUCCESS" ? "done" : <Badge tone="failed">refused</Badge>}</td>
              <td className="detail">{[describeChange(e.before, e.after), e.detail].filter(Boolean).join(" · ")}</td>
            </tr>
          ))}
          {history.events.length === 0 ? <EmptyRow colSpan={5}>Nothing recorded yet.</EmptyRow> : null}
        </tbody>
      </DataTable>
      <Pager
        label="History pages"
        summary={`${history.total} event${history.total === 1 ? "" : "s"} · page ${history.page} of ${history.pageCount}`}
        page={history.page}
        pageCount={history.pageCount}
        href={pageHref}
        words={{ previous: "‹ Newer", next: "Older ›" }}
      />
    </>
  );
}
