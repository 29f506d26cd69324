import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FORECAST_METHOD } from "@/lib/history/pool-forecasts";
import type { SeatHistoryView } from "@/lib/history/seat-history-view";
import { SeatHistorySection } from "./seat-history-section";

/** The seat history card of Admin › People and Admin › System › License, with the way to the true-up report. */
export function SeatHistoryCard({ view }: { view: SeatHistoryView }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="section-title">
        <h2 id="history-title">Seat history and forecast</h2>
        <Button asChild>
          <Link href="/admin/people/true-up">True-up report…</Link>
        </Button>
      </div>
      <SeatHistorySection view={view} method={FORECAST_METHOD} />
    </section>
  );
}
