"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { bulkJobIdSchema, BULK_VERB, startBulkJobSchema } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { kickBulkJobs } from "@/lib/people/bulk-jobs/bulk-jobs-worker";
import { cancelBulkJob } from "@/lib/people/bulk-jobs/cancel-bulk-job";
import { startBulkJob } from "@/lib/people/bulk-jobs/start-bulk-job";

/** Starts a job on every account the People view matches; the page then follows its progress. */
export const startBulkJobAction = defineAction({
  access: "peopleAdmin",
  input: startBulkJobSchema,
  run: async ({ input, actor, account }) => {
    const job = await startBulkJob({ ...input, actor: { ...actor, id: account.id } });
    kickBulkJobs();
    revalidatePath("/admin/people/bulk-jobs");
    return success(`${BULK_VERB[job.action].verb} of ${job.total.toLocaleString("en")} accounts started.`, { jobId: job.id });
  },
});

export const cancelBulkJobAction = defineAction({
  access: "peopleAdmin",
  input: bulkJobIdSchema,
  run: async ({ input, actor }) => {
    await cancelBulkJob({ actor, jobId: input.jobId });
    revalidatePath("/admin/people/bulk-jobs");
    return success("Cancelled: the accounts already processed stay as they are.");
  },
});
