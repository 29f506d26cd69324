import { Button } from "@/components/ui/button";
import { utcDate } from "@/lib/format/utc";
import type { ImportOutcomes } from "./actions";

/** Step 3: what became of the rows, and each row's outcome as a CSV file. */
export function ImportedStep({ outcome }: { outcome: ImportOutcomes }) {
  const { counts } = outcome;
  return (
    <div className="alert alert-success" role="status">
      <p>
        <strong>
          {counts.created} created, {counts.waiting} waiting for a seat, {counts.refused} refused for lack of a seat, {counts.invalid}{" "}
          skipped.
        </strong>
      </p>
      <Button asChild>
        <a
          download={`import-result-${utcDate(new Date())}.csv`}
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(outcome.resultCsv)}`}
        >
          Download the result (CSV)
        </a>
      </Button>
    </div>
  );
}
