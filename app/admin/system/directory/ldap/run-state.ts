import type { LdapSyncRunView } from "@/lib/ldap/read-sync-runs";

/** A run's state as its badge shows it. */
export const RUN_BADGE: Record<LdapSyncRunView["phase"], { word: string; tone: "neutral" | "active" | "blocked" | "failed" }> = {
  QUEUED: { word: "starting", tone: "neutral" },
  READING: { word: "running", tone: "neutral" },
  APPLYING: { word: "running", tone: "neutral" },
  DONE: { word: "done", tone: "active" },
  FAILED: { word: "failed", tone: "failed" },
  INTERRUPTED: { word: "interrupted", tone: "blocked" },
};
