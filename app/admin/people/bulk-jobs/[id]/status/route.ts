import { authorize } from "@/lib/auth/guards";
import { bulkJobIdSchema } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { readBulkJob } from "@/lib/people/bulk-jobs/read-bulk-jobs";
import { plainTextProblem } from "@/lib/server/responses";

export const dynamic = "force-dynamic";

/** GET /admin/people/bulk-jobs/<id>/status: the job's progress as JSON, polled by its page. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return plainTextProblem(auth.status, auth.error);
  const parsed = bulkJobIdSchema.safeParse({ jobId: (await params).id });
  if (!parsed.success) return plainTextProblem(404, "There is no such bulk job.");
  const job = await readBulkJob(parsed.data.jobId);
  if (!job) return plainTextProblem(404, "There is no such bulk job.");
  return Response.json(job, { headers: { "cache-control": "no-store" } });
}
