import type { BulkView } from "./bulk-job-schemas";

const STATE_WORDS = { active: "active", blocked: "blocked", waiting: "waiting for a seat" } as const;

/** A People list view in words, for a job's heading and its audit event: "blocked, in Partners, matching “smith”". */
export function describeView(view: BulkView, areaName: string | null): string {
  const parts: string[] = [];
  if (view.state) parts.push(STATE_WORDS[view.state]);
  if (view.inactive === "never") parts.push("never signed in");
  else if (view.inactive) parts.push(`inactive for more than ${view.inactive} days`);
  if (view.area) parts.push(`in ${areaName ?? "a deleted area"}`);
  if (view.q) parts.push(`matching “${view.q}”`);
  return parts.length ? parts.join(", ") : "everyone";
}
