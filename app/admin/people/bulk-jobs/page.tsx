import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyRow } from "@/components/ui/table";
import { requirePageAccount } from "@/lib/auth/guards";
import { utcMinute } from "@/lib/format/utc";
import { BULK_VERB } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { listBulkJobs } from "@/lib/people/bulk-jobs/read-bulk-jobs";
import { JOB_STATE_BADGE } from "./job-state";

export const metadata: Metadata = { title: "Bulk jobs" };
export const dynamic = "force-dynamic";

/** Admin › People › Bulk jobs: the latest jobs on whole filters, with their progress and outcome files. */
export default async function BulkJobsPage() {
  await requirePageAccount("peopleAdmin");
  const jobs = await listBulkJobs();
  const fmt = (n: number) => n.toLocaleString("en");
  return (
    <main className="page">
      <p>
        <Link href="/admin/people">← Admin › People</Link>
      </p>
      <h1>Bulk jobs</h1>
      <p className="muted">
        A bulk job blocks, unblocks or deletes every account a People view matched when it started, in the background (it goes on if you
        leave the page). Start one from the People list: &quot;All matching…&quot;.
      </p>
      <section className="card">
        <DataTable caption="The latest bulk jobs, newest first">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Job</th>
              <th scope="col">By</th>
              <th scope="col">State</th>
              <th scope="col">Processed</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {jobs.length === 0 ? <EmptyRow colSpan={6}>No bulk job yet.</EmptyRow> : null}
            {jobs.map((job) => (
              <tr key={job.id}>
                <td>{utcMinute(job.createdAt)}</td>
                <td>
                  <Link href={`/admin/people/bulk-jobs/${job.id}`}>
                    {BULK_VERB[job.action].verb} all {fmt(job.total)}: {job.description}
                  </Link>
                </td>
                <td>{job.startedByLabel}</td>
                <td>
                  <Badge tone={JOB_STATE_BADGE[job.state].tone}>{JOB_STATE_BADGE[job.state].word}</Badge>
                </td>
                <td>
                  {fmt(job.processed)} of {fmt(job.total)}
                </td>
                <td>
                  {fmt(job.done)} {BULK_VERB[job.action].past}, {fmt(job.unchanged)} unchanged, {fmt(job.refused)} refused
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>
    </main>
  );
}
