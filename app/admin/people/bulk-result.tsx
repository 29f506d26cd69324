import type { Result } from "@/lib/actions/result";
import type { BulkOutcomes } from "./actions";

/** The outcome of a bulk action: a summary, and each account's result when there is more to say. */
export function BulkResultView({ result, onClose }: { result: Result<BulkOutcomes>; onClose: () => void }) {
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert">
        {result.error}{" "}
        <button type="button" className="button button-quiet button-small" onClick={onClose}>
          Dismiss
        </button>
      </div>
    );
  }
  const refused = result.data.outcomes.filter((o) => o.outcome === "refused");
  return (
    <div className={`alert ${refused.length ? "alert-warning" : "alert-success"}`} role="status">
      <p>
        <strong>{result.message}</strong>{" "}
        <button type="button" className="button button-quiet button-small" onClick={onClose}>
          Dismiss
        </button>
      </p>
      {result.data.outcomes.length > 1 || refused.length ? (
        <ul className="outcomes">
          {result.data.outcomes.map((o) => (
            <li key={o.id} data-outcome={o.outcome}>
              <strong>{o.username}</strong>: {o.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
