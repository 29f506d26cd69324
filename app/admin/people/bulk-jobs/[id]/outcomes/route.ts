import { authorize } from "@/lib/auth/guards";
import { bulkJobOutcomesCsv, bulkJobOutcomesFileName } from "@/lib/people/bulk-jobs/bulk-job-outcomes";
import { bulkJobIdSchema } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { readBulkJob } from "@/lib/people/bulk-jobs/read-bulk-jobs";
import { csvDownload, plainTextProblem, pulledStream } from "@/lib/server/responses";

export const dynamic = "force-dynamic";

/** GET /admin/people/bulk-jobs/<id>/outcomes: one line per account, what the job did to it (streamed). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return plainTextProblem(auth.status, auth.error);
  const parsed = bulkJobIdSchema.safeParse({ jobId: (await params).id });
  const job = parsed.success ? await readBulkJob(parsed.data.jobId) : null;
  const csv = job ? await bulkJobOutcomesCsv(job.id) : null;
  if (!job || !csv) return plainTextProblem(404, "There is no such bulk job.");
  return csvDownload(pulledStream(csv), bulkJobOutcomesFileName(job));
}
