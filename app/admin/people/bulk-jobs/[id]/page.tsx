import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccount } from "@/lib/auth/guards";
import { bulkJobIdSchema } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { readBulkJob } from "@/lib/people/bulk-jobs/read-bulk-jobs";
import { JobProgress } from "./job-progress";

export const metadata: Metadata = { title: "Bulk job" };
export const dynamic = "force-dynamic";

/** Admin › People › Bulk jobs › one job: its live progress, Cancel, and the outcome file. */
export default async function BulkJobPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageAccount("peopleAdmin");
  const parsed = bulkJobIdSchema.safeParse({ jobId: (await params).id });
  const job = parsed.success ? await readBulkJob(parsed.data.jobId) : null;
  if (!job) notFound();
  return (
    <main className="page">
      <p>
        <Link href="/admin/people">← Admin › People</Link> · <Link href="/admin/people/bulk-jobs">All bulk jobs</Link>
      </p>
      <h1>Bulk job</h1>
      <JobProgress initial={job} />
    </main>
  );
}
