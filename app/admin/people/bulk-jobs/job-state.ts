import type { BulkJobProgress } from "@/lib/people/bulk-jobs/read-bulk-jobs";

/** A job's state as its badge shows it. */
export const JOB_STATE_BADGE: Record<BulkJobProgress["state"], { word: string; tone: "neutral" | "active" | "blocked" | "failed" }> = {
  RUNNING: { word: "Running", tone: "neutral" },
  DONE: { word: "Finished", tone: "active" },
  CANCELLED: { word: "Cancelled", tone: "blocked" },
  FAILED: { word: "Stopped", tone: "failed" },
};
