import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { EntryProblem } from "./read-directory";
import { describeCounts, type SyncCounts } from "./sync-plan";

/** Where a run is (LdapSyncRun.phase). */
export type SyncPhase = "QUEUED" | "READING" | "APPLYING" | "DONE" | "FAILED" | "INTERRUPTED";

/** A run as the LDAP page shows it and its status route answers it (JSON-safe). */
export type LdapSyncRunView = {
  id: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  phase: SyncPhase;
  running: boolean;
  counts: SyncCounts;
  /** "Sync done: created 1, …", the error, or where a run in progress is. */
  summary: string;
  error: string | null;
  problems: EntryProblem[];
};

type Row = NonNullable<Awaited<ReturnType<Db["ldapSyncRun"]["findFirst"]>>>;

const PHASE_WORDS: Record<SyncPhase, string> = {
  QUEUED: "Starting…",
  READING: "Reading the directory…",
  APPLYING: "Applying the changes…",
  DONE: "Sync done",
  FAILED: "Sync failed",
  INTERRUPTED: "Sync interrupted",
};

export function countsOf(row: Row): SyncCounts {
  const { entries, created, createdWaiting, updated, moved, reactivated, blocked, activated, skipped } = row;
  return { entries, created, createdWaiting, updated, moved, reactivated, blocked, activated, skipped };
}

export function runView(row: Row): LdapSyncRunView {
  const phase = row.phase as SyncPhase;
  const counts = countsOf(row);
  const running = row.finishedAt === null;
  const summary =
    phase === "DONE"
      ? `Sync done: ${describeCounts(counts, "past")}.`
      : row.error
        ? row.error
        : phase === "READING"
          ? `${PHASE_WORDS.READING} ${counts.entries} entr${counts.entries === 1 ? "y" : "ies"} read so far.`
          : phase === "APPLYING"
            ? `${PHASE_WORDS.APPLYING} so far ${describeCounts(counts, "past")}.`
            : PHASE_WORDS[phase];
  return {
    id: row.id.toString(),
    trigger: row.trigger,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    phase,
    running,
    counts,
    summary,
    error: row.error,
    problems: Array.isArray(row.problems) ? (row.problems as EntryProblem[]) : [],
  };
}

/** The last runs, newest first (Admin › System › Directory sync › LDAP). */
export async function listLdapSyncRuns(limit = 20, client: Db = defaultDb()): Promise<LdapSyncRunView[]> {
  const rows = await client.ldapSyncRun.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: limit });
  return rows.map(runView);
}

/** The newest run (in progress or finished), or null before the first. */
export async function readLatestLdapSyncRun(client: Db = defaultDb()): Promise<LdapSyncRunView | null> {
  const row = await client.ldapSyncRun.findFirst({ orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
  return row ? runView(row) : null;
}
