import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { refreshAccountStatistics } from "../db/refresh-account-statistics";
import {
  activateWaitingAccounts,
  applyDirectoryActiveState,
  blockAccount,
  createDirectoryAccounts,
  LicensingError,
  moveDirectoryAccount,
  updateAccountProfile,
} from "../licensing";
import { LdapError } from "./connection";
import { PROBLEMS_KEPT, readDirectory, type EntryProblem } from "./read-directory";
import { loadLdapConnectionSettings } from "./settings";
import { describeCounts, forecastCounts, loadSyncedAccounts, planSync, type SyncCounts } from "./sync-plan";
import { SealedSecretError } from "./sealed-secret";
import { startLdapSync, syncDue } from "./start-sync";
import { auditSyncRunEnd, LDAP_SYNC_ACTOR } from "./sync-actor";
import { HEARTBEAT_MS, SYNC_LOCK } from "./sync-lock";

/** 100,000 entries are applied account by account: a first sync of that size takes a while. */
const RUN_TIMEOUT_MS = 2 * 60 * 60_000;
/** Newcomers created per transaction. */
const CREATE_BATCH = 500;
/** Updates, blocks, moves… between two writes of a run's progress. */
const PROGRESS_EVERY = 500;

export type PreviewOutcome = { ok: true; counts: SyncCounts; summary: string; problems: EntryProblem[] } | { ok: false; error: string };
export type RunOutcome =
  | { ok: true; runId: bigint; counts: SyncCounts; summary: string; problems: EntryProblem[] }
  | { ok: false; runId: bigint | null; error: string; busy?: true };

/** Failures that are the directory's or the settings' (shown as they are); anything else is a bug. */
function explain(error: unknown): string | null {
  if (error instanceof LdapError || error instanceof SealedSecretError) return error.message;
  return null;
}

async function readAndPlan(client: Db, onPage?: (entriesRead: number) => Promise<void>) {
  const settings = await loadLdapConnectionSettings(client);
  if (!settings) throw new LdapError("config", "LDAP is not set up yet: save the settings first.");
  // Everything is read and checked before anything is written: a failure here changes nothing.
  const directory = await readDirectory(settings, onPage);
  const plan = await planSync(client, directory, await loadSyncedAccounts(client));
  return { directory, plan };
}

/** What a sync would do now, computed exactly as a run does it, writing nothing. */
export async function previewLdapSync(client: Db = defaultDb()): Promise<PreviewOutcome> {
  try {
    const { directory, plan } = await readAndPlan(client);
    const counts = await forecastCounts(client, plan, directory);
    return {
      ok: true,
      counts,
      summary: `Would ${describeCounts(counts, "future")}.`,
      problems: [...directory.problems, ...plan.conflicts].slice(0, PROBLEMS_KEPT),
    };
  } catch (error) {
    const message = explain(error);
    if (message === null) throw error;
    return { ok: false, error: message };
  }
}

/**
 * Starts a run and runs it to its end in the caller (tests, the benchmark). "Sync now" and the
 * schedule start one instead and leave it to the ldap-sync worker (lib/ldap/sync-job.ts).
 */
export async function runLdapSync(options: { trigger: string }, client?: Db): Promise<RunOutcome>;
/** The scheduled run: null when the schedule is off or the last run is more recent than it asks. */
export async function runLdapSync(options: { trigger: string; onlyWhenDue: true }, client?: Db): Promise<RunOutcome | null>;
export async function runLdapSync(
  options: { trigger: string; onlyWhenDue?: boolean },
  client: Db = defaultDb(),
): Promise<RunOutcome | null> {
  const started = options.onlyWhenDue
    ? await startLdapSync({ trigger: options.trigger, onlyWhenDue: true }, client)
    : await startLdapSync({ trigger: options.trigger }, client);
  if (!started) return null;
  if (!started.ok) return { ok: false, runId: null, busy: true, error: started.error };
  const runId = BigInt(started.run.id);
  return (
    (await executeLdapSyncRun(runId, client)) ?? {
      ok: false,
      runId,
      busy: true,
      error: "Another process picked the run up: its progress shows on the LDAP page.",
    }
  );
}

/**
 * The ldap-sync worker's turn (every few seconds in every process, and at once after "Sync now"):
 * runs the oldest QUEUED run, else a scheduled one when due. Null when there is nothing to do or
 * another process is running a sync.
 */
export async function workOnLdapSync(client: Db = defaultDb()): Promise<RunOutcome | null> {
  // Cheap look first: most turns find nothing queued and no schedule due.
  const queued = await client.ldapSyncRun.findFirst({
    where: { finishedAt: null, phase: "QUEUED" },
    orderBy: { startedAt: "asc" },
    select: { id: true },
  });
  if (queued) return executeLdapSyncRun(queued.id, client);
  if (!(await syncDue(client))) return null;
  const scheduled = await startLdapSync({ trigger: "schedule", onlyWhenDue: true }, client);
  if (!scheduled?.ok) return null;
  return executeLdapSyncRun(BigInt(scheduled.run.id), client);
}

/**
 * Runs one QUEUED run in this process: reads and checks the whole directory, then creates
 * (waiting for a seat when the pool is full), updates, blocks (disabled, gone or out of scope:
 * never deleted, only accounts from LDAP), moves, re-enables, and activates waiting accounts
 * oldest first, all through lib/licensing (each change audited there). The process holds the
 * sync's advisory lock for the whole run (one run at a time across processes), writes a
 * heartbeat every few seconds and the counts after every batch, and records the outcome. Null
 * when another process holds the lock or has claimed the run.
 */
export async function executeLdapSyncRun(runId: bigint, client: Db = defaultDb()): Promise<RunOutcome | null> {
  return client.$transaction(
    async (lockTx) => {
      const [{ locked }] = await lockTx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SYNC_LOCK}) AS locked`;
      if (!locked) return null;
      const claimed = await client.ldapSyncRun.updateMany({
        where: { id: runId, finishedAt: null, phase: "QUEUED" },
        data: { phase: "READING", heartbeatAt: new Date() },
      });
      if (claimed.count === 0) return null;
      const run = await client.ldapSyncRun.findUniqueOrThrow({ where: { id: runId }, select: { id: true, trigger: true } });
      const heartbeat = setInterval(() => {
        client.ldapSyncRun.update({ where: { id: run.id }, data: { heartbeatAt: new Date() } }).catch(() => {});
      }, HEARTBEAT_MS);
      heartbeat.unref();
      try {
        return await applyRun(run, client);
      } finally {
        clearInterval(heartbeat);
      }
    },
    { timeout: RUN_TIMEOUT_MS, maxWait: 10_000 },
  );
}

async function applyRun(run: { id: bigint; trigger: string }, client: Db): Promise<RunOutcome> {
  const problems: EntryProblem[] = [];
  const counts: SyncCounts = {
    entries: 0,
    created: 0,
    createdWaiting: 0,
    updated: 0,
    moved: 0,
    reactivated: 0,
    blocked: 0,
    activated: 0,
    skipped: 0,
  };
  const saveProgress = (data: { phase?: "APPLYING"; problems?: EntryProblem[] } = {}) =>
    client.ldapSyncRun.update({ where: { id: run.id }, data: { ...counts, ...data, heartbeatAt: new Date() } });
  let sinceSaved = 0;
  const step = async () => {
    if (++sinceSaved < PROGRESS_EVERY) return;
    sinceSaved = 0;
    await saveProgress();
  };
  const skip = (dn: string, error: unknown) => {
    if (!(error instanceof LicensingError)) throw error;
    counts.skipped++;
    if (problems.length < PROBLEMS_KEPT) problems.push({ dn, problem: error.message });
  };
  let failure: string | null = null;
  try {
    const { directory, plan } = await readAndPlan(client, async (entriesRead) => {
      counts.entries = entriesRead;
      await saveProgress();
    });
    counts.entries = directory.entries;
    counts.skipped = directory.problemCount + plan.conflicts.length;
    problems.push(...[...directory.problems, ...plan.conflicts].slice(0, PROBLEMS_KEPT));
    await saveProgress({ phase: "APPLYING", problems });
    const actor = LDAP_SYNC_ACTOR;

    // Newcomers in batches, in the directory's order (who waits for a seat, and in what order).
    for (let i = 0; i < plan.creates.length; i += CREATE_BATCH) {
      const batch = plan.creates.slice(i, i + CREATE_BATCH);
      const outcomes = await createDirectoryAccounts(
        {
          actor,
          source: "LDAP",
          accounts: batch.map((p) => ({
            username: p.username,
            email: p.email,
            givenName: p.givenName,
            familyName: p.familyName,
            areaId: p.areaId,
            externalId: p.externalId,
          })),
        },
        client,
      );
      outcomes.forEach((outcome, k) => {
        if (!outcome.ok) return skip(batch[k].dn, outcome.error);
        counts.created++;
        if (outcome.waiting) counts.createdWaiting++;
      });
      await saveProgress();
    }
    for (const { account, changes } of plan.updates) {
      try {
        if ((await updateAccountProfile({ actor, accountId: account.id, profile: changes }, client)).changed) counts.updated++;
      } catch (error) {
        skip(account.username, error);
      }
      await step();
    }
    for (const { account } of plan.blocks) {
      try {
        if ((await blockAccount({ actor, accountId: account.id, reason: "DIRECTORY" }, client)).changed) counts.blocked++;
      } catch (error) {
        skip(account.username, error);
      }
      await step();
    }
    for (const { account, areaId } of plan.moves) {
      try {
        if ((await moveDirectoryAccount({ actor, accountId: account.id, areaId }, client)).changed) counts.moved++;
      } catch (error) {
        skip(account.username, error);
      }
      await step();
    }
    for (const { account } of plan.reenables) {
      try {
        if ((await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, client)).changed) counts.reactivated++;
      } catch (error) {
        skip(account.username, error);
      }
      await step();
    }
    await saveProgress();
    counts.activated = (await activateWaitingAccounts({ actor }, client)).length;
  } catch (error) {
    failure = explain(error);
    if (failure === null) failure = `The sync stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    await client.ldapSyncRun.update({
      where: { id: run.id },
      data: { finishedAt: new Date(), phase: "FAILED", ...counts, problems, error: failure },
    });
    await auditSyncRunEnd(client, run, { refused: true, detail: failure });
    if (!explain(error)) throw error;
    return { ok: false as const, runId: run.id, error: failure };
  }
  await client.ldapSyncRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), phase: "DONE", ...counts, problems } });
  // A first sync of thousands: the list's search plans need fresh statistics (after the writes committed).
  await refreshAccountStatistics(counts.created + counts.updated + counts.moved + counts.blocked + counts.activated, client);
  const summary = `Sync done: ${describeCounts(counts, "past")}.`;
  await auditSyncRunEnd(client, run, { refused: false, detail: summary, counts });
  return { ok: true as const, runId: run.id, counts, summary, problems };
}
