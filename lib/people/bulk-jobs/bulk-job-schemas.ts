import { z } from "zod";
import { peopleQuerySchema } from "../people-query";

// What starting, cancelling and reading a bulk job take: shared by the People page's actions and
// the routes that report progress.

export const BULK_ACTIONS = ["BLOCK", "UNBLOCK", "DELETE"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The People list view whose every match the job acts on (the list's own URL fields). */
export const bulkViewSchema = peopleQuerySchema.pick({ q: true, area: true, state: true, inactive: true });
export type BulkView = z.output<typeof bulkViewSchema>;

export const startBulkJobSchema = z.object({
  action: z.enum(BULK_ACTIONS, "Choose block, unblock or delete."),
  view: bulkViewSchema,
  /** Delete only: the number of matching accounts, typed by the administrator. */
  confirmation: z.string().trim().max(20).optional(),
});
export type StartBulkJobInput = z.output<typeof startBulkJobSchema>;

export const bulkJobIdSchema = z.object({ jobId: z.uuid("Unknown bulk job.") });

/** The verbs of each action, for headings and buttons. */
export const BULK_VERB: Record<BulkAction, { verb: string; past: string }> = {
  BLOCK: { verb: "Block", past: "blocked" },
  UNBLOCK: { verb: "Unblock", past: "unblocked" },
  DELETE: { verb: "Delete", past: "deleted" },
};
