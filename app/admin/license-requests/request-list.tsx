import { DELIVERY_CHANNEL_LABEL } from "@/lib/vocabulary";
import { listLicenseRequests } from "@/lib/license-requests/list-license-requests";
import { UtcTime } from "@/components/utc-time";

/** Past license requests with the state of each delivery: queued, sent, or failed with the reason. */
export async function LicenseRequestList() {
  const requests = await listLicenseRequests();
  if (requests.length === 0) return <p className="muted">No license requests yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="license-requests">
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
          {requests.map((r) => (
            <tr key={r.id}>
              <td>
                <UtcTime value={r.createdAt} />
              </td>
              <td>{r.pool === "PRIMARY" ? "Primary area" : "Extranets"}</td>
              <td>{r.seats}</td>
              <td className="wrap">{r.reason}</td>
              <td>{r.requestedByLabel}</td>
              <td className="wrap">
                {r.deliveries.length === 0 ? (
                  <span className="badge badge-blocked">not sent anywhere: no destination configured</span>
                ) : (
                  r.deliveries.map((d) => (
                    <div key={d.id}>
                      {DELIVERY_CHANNEL_LABEL[d.channel]}:{" "}
                      {d.state === "SENT" ? (
                        <span className="badge badge-active">
                          sent <UtcTime value={d.sentAt} />
                        </span>
                      ) : d.state === "QUEUED" ? (
                        <span className="badge badge-blocked">queued</span>
                      ) : (
                        <span className="badge badge-failed" title={d.lastError ?? undefined}>
                          failed ({d.attempts}×): {d.lastError}; retrying at <UtcTime value={d.nextAttemptAt} />
                        </span>
                      )}
                    </div>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
