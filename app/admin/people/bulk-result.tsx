import { Button } from "@/components/ui/button";
import type { Result } from "@/lib/actions/result";
import type { BulkOutcomes } from "./actions";

/**
 * The outcome of the last bulk action, above the table: a summary, and each account's result
 * when there is more to say. The live region is always there, so each outcome is heard.
 */
export function BulkResult({ result, onDismiss }: { result: Result<BulkOutcomes> | null; onDismiss: () => void }) {
  return (
    <div aria-live="polite" data-testid="bulk-result">
      {result ? <BulkResultView result={result} onDismiss={onDismiss} /> : null}
    </div>
  );
}

function BulkResultView({ result, onDismiss }: { result: Result<BulkOutcomes>; onDismiss: () => void }) {
  const dismiss = (
    <Button variant="quiet" size="small" onClick={onDismiss}>
      Dismiss
    </Button>
  );
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert">
        {result.error} {dismiss}
      </div>
    );
  }
  const refused = result.data.outcomes.filter((o) => o.outcome === "refused");
  return (
    <div className={`alert ${refused.length ? "alert-warning" : "alert-success"}`} role="status">
      <p>
        <strong>{result.message}</strong> {dismiss}
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
