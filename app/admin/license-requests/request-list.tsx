import { DELIVERY_CHANNEL_LABEL, POOL_TITLE } from "@/lib/vocabulary";
import { listLicenseRequests } from "@/lib/license-requests/list-license-requests";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";

/** Past license requests with the state of each delivery: queued, sent, or failed with the reason. */
export async function LicenseRequestList() {
  const requests = await listLicenseRequests();
  return (
    <DataTable data-testid="license-requests" caption="Past license requests">
      <thead>
        <tr>
          <th scope="col">Requested</th>
          <th scope="col">Pool</th>
          <th scope="col">Seats</th>
          <th scope="col">Reason</th>
          <th scope="col">By</th>
          <th scope="col">Delivery</th>
        </tr>
      </thead>
      <tbody>
        {requests.length === 0 ? <EmptyRow colSpan={6}>No license requests yet.</EmptyRow> : null}
        {requests.map((r) => (
          <tr key={r.id}>
            <td>
              <UtcTime value={r.createdAt} />
            </td>
            <td>{POOL_TITLE[r.pool]}</td>
            <td>{r.seats}</td>
            <td className="wrap">{r.reason}</td>
            <td>{r.requestedByLabel}</td>
            <td className="wrap">
              {r.deliveries.length === 0 ? (
                <Badge tone="blocked">not sent anywhere: no destination configured</Badge>
              ) : (
                r.deliveries.map((d) => (
                  <div key={d.id}>
                    {DELIVERY_CHANNEL_LABEL[d.channel]}:{" "}
                    {d.state === "SENT" ? (
                      <Badge tone="active">
                        sent <UtcTime value={d.sentAt} />
                      </Badge>
                    ) : d.state === "QUEUED" ? (
                      <Badge tone="blocked">queued</Badge>
                    ) : (
                      <Badge tone="failed" title={d.lastError ?? undefined}>
                        failed ({d.attempts}×): {d.lastError}; retrying at <UtcTime value={d.nextAttemptAt} />
                      </Badge>
                    )}
                  </div>
                ))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
