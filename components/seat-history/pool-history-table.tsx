import { DataTable } from "@/components/ui/table";
import { utcLongDate } from "@/lib/format/utc";
import type { HistoryPoint } from "@/lib/history/seat-history-view";

/** The chart's numbers as a table, newest day first (the chart's alternative for every reader). */
export function PoolHistoryTable({ points, caption, limitField }: { points: HistoryPoint[]; caption: string; limitField: string }) {
  return (
    <div className="history-table">
      <DataTable caption={caption} scrollLabel={caption}>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Seats used (peak)</th>
            <th scope="col">At the end of the day</th>
            <th scope="col">Limit ({limitField})</th>
            <th scope="col">Waiting (peak)</th>
            <th scope="col">Over the limit</th>
          </tr>
        </thead>
        <tbody>
          {[...points].reverse().map((p) => (
            <tr key={p.day} data-day={p.day}>
              <td>{utcLongDate(p.day)}</td>
              <td>{p.used}</td>
              <td>{p.endUsed}</td>
              <td>{p.limit}</td>
              <td>{p.waiting}</td>
              <td>{p.over ? "Yes" : "No"}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
