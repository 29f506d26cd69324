import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { requirePageAccountWithAnyRole } from "@/lib/auth/guards";
import { utcDate, utcLongDate, utcMinute } from "@/lib/format/utc";
import { trueUpReport } from "@/lib/history/true-up";
import { parseTrueUpRequest } from "@/lib/history/true-up-request";
import { POOL_LIMIT_FIELD, POOL_TITLE } from "@/lib/vocabulary";

export const metadata: Metadata = { title: "True-up report" };
export const dynamic = "force-dynamic";

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** For a license true-up: per pool, the peak of a period, the days over the limit, and who took a seat on them. */
export default async function TrueUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requirePageAccountWithAnyRole("peopleAdmin", "sysadmin");
  const params = await searchParams;
  const sent = { from: first(params.from), to: first(params.to) };
  const parsed = parseTrueUpRequest(sent, utcDate(new Date()));
  const period = parsed.ok ? parsed.request : null;
  const report = period ? await trueUpReport(period) : [];
  const errors = parsed.ok ? {} : parsed.fieldErrors;
  return (
    <main className="page">
      <p>
        {account.isPeopleAdmin ? (
          <Link href="/admin/people">← Admin › People</Link>
        ) : (
          <Link href="/admin/system/license">← Admin › System › License</Link>
        )}
      </p>
      <h1>True-up report</h1>
      <p className="muted">
        For a period of your choice, each pool&apos;s highest number of seats in use at any moment (&quot;maximum users&quot;), the days it
        was over its limit, and the accounts that took a seat on those days. Days are UTC.
      </p>
      <form method="get" className="inline-form" role="search" aria-label="Period of the report">
        <Field label="First day" errors={errors.from}>
          <input type="date" name="from" defaultValue={sent.from ?? period?.from} required />
        </Field>
        <Field label="Last day" errors={errors.to}>
          <input type="date" name="to" defaultValue={sent.to ?? period?.to} required />
        </Field>
        <Button type="submit">Show</Button>
      </form>
      {period ? (
        <>
          <p>
            <Button asChild variant="primary">
              <a href={`/admin/people/true-up/csv?from=${period.from}&to=${period.to}`} download>
                Download CSV
              </a>
            </Button>
          </p>
          {report.map((pool) => (
            <section key={pool.pool} className="card" aria-labelledby={`true-up-${pool.pool}`} data-testid={`true-up-${pool.pool}`}>
              <h2 id={`true-up-${pool.pool}`}>{POOL_TITLE[pool.pool]}</h2>
              <dl className="kv">
                <dt>Peak seats used (maximum users)</dt>
                <dd data-testid={`true-up-peak-${pool.pool}`}>{pool.peakUsed}</dd>
                <dt>Limit at the end ({POOL_LIMIT_FIELD[pool.pool]})</dt>
                <dd>{pool.endLimit}</dd>
                <dt>Days over the limit</dt>
                <dd data-testid={`true-up-days-over-${pool.pool}`}>{pool.daysOver}</dd>
                <dt>First and last day over</dt>
                <dd>{pool.firstDayOver ? `${utcLongDate(pool.firstDayOver)} – ${utcLongDate(pool.lastDayOver!)}` : "—"}</dd>
              </dl>
              {pool.daysOver > 0 ? (
                <DataTable caption={`${POOL_TITLE[pool.pool]}: days over the limit`}>
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      <th scope="col">Peak used</th>
                      <th scope="col">Limit</th>
                      <th scope="col">Over by</th>
                      <th scope="col">Took a seat that day</th>
                    </tr>
                  </thead>
                  <tbody>
                    {pool.overDays.map((day) => {
                      const taken = pool.activations.filter((a) => a.day === day.day);
                      return (
                        <tr key={day.day}>
                          <td>{utcLongDate(day.day)}</td>
                          <td>{day.peakUsed}</td>
                          <td>{day.limit}</td>
                          <td>{day.overBy}</td>
                          <td>{taken.length ? taken.map((a) => `${a.username} (${a.how}, ${utcMinute(a.at)})`).join("; ") : "—"}</td>
                        </tr>
                      );
                    })}
                    {pool.overDays.length === 0 ? <EmptyRow colSpan={5}>No day over the limit.</EmptyRow> : null}
                  </tbody>
                </DataTable>
              ) : (
                <p>Never over the limit in this period.</p>
              )}
            </section>
          ))}
        </>
      ) : (
        <p role="alert" className="alert alert-error">
          {parsed.ok ? null : parsed.problems.join(" ")}
        </p>
      )}
    </main>
  );
}
