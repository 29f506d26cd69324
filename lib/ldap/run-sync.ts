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
  recordAuditEvent,
  updateAccountProfile,
  type Actor,
} from "../licensing";
import { LdapError } from "./connection";
import { PROBLEMS_KEPT, readDirectory, type EntryProblem } from "./read-directory";
import { loadLdapConnectionSettings } from "./settings";
import { describeCounts, forecastCounts, loadSyncedAccounts, planSync, type SyncCounts } from "./sync-plan";
import { SealedSecretError } from "./sealed-secret";

/** The actor every change of a sync run is audited under. */
export const LDAP_SYNC_ACTOR: Actor = { id: null, label: "LDAP sync" };
/** pg advisory lock key of a sync run ("ldapsync" in ASCII): one run at a time across processes. */
export const SYNC_LOCK = 0x6c64617073796e63n;
/** 100,000 entries are applied account by account: a first sync of that size takes a while. */
const RUN_TIMEOUT_MS = 2 * 60 * 60_000;
/** Newcomers created per transaction. */
const CREATE_BATCH = 500;

export type PreviewOutcome = { ok: true; counts: SyncCounts; summary: string; problems: EntryProblem[] } | { ok: false; error: string };
export type RunOutcome =
  | { ok: true; runId: bigint; counts: SyncCounts; summary: string; problems: EntryProblem[] }
  | { ok: false; runId: bigint | null; error: string; busy?: true };

/** Failures that are the directory's or the settings' (shown as they are); anything else is a bug. */
function explain(error: unknown): string | null {
  if (error instanceof LdapError || error instanceof SealedSecretError) return error.message;
  return null;
}

async function readAndPlan(client: Db) {
  const settings = await loadLdapConnectionSettings(client);
  if (!settings) throw new LdapError("config", "LDAP is not set up yet: save the settings first.");
  // Everything is read and checked before anything is written: a failure here changes nothing.
  const directory = await readDirectory(settings);
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
 * One sync run: reads and checks the whole directory, then creates (waiting for a seat when the
 * pool is full), updates, blocks (disabled, gone or out of scope: never deleted, only accounts
 * from LDAP), moves, re-enables, and activates waiting accounts oldest first, all through
 * lib/licensing (each change audited there). One run at a time across processes (advisory lock:
 * a second caller is told, not queued). Every run is recorded, with its error if it stopped.
 */
export async function runLdapSync(options: { trigger: string }, client?: Db): Promise<RunOutcome>;
/** The scheduled run: null when the schedule is off or the last run is more recent than it asks. */
export async function runLdapSync(options: { trigger: string; onlyWhenDue: true }, client?: Db): Promise<RunOutcome | null>;
export async function runLdapSync(
  options: { trigger: string; onlyWhenDue?: boolean },
  client: Db = defaultDb(),
): Promise<RunOutcome | null> {
  return client.$transaction(
    async (lockTx) => {
      const [{ locked }] = await lockTx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${SYNC_LOCK}) AS locked`;
      if (!locked)
        return {
          ok: false as const,
          runId: null,
          busy: true as const,
          error: "Another LDAP sync is running: try again when it has finished.",
        };
      if (options.onlyWhenDue && !(await syncDue(client))) return null;
      const run = await client.ldapSyncRun.create({ data: { trigger: options.trigger } });
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
      const skip = (dn: string, error: unknown) => {
        if (!(error instanceof LicensingError)) throw error;
        counts.skipped++;
        if (problems.length < PROBLEMS_KEPT) problems.push({ dn, problem: error.message });
      };
      let failure: string | null = null;
      try {
        const { directory, plan } = await readAndPlan(client);
        counts.entries = directory.entries;
        counts.skipped = directory.problemCount + plan.conflicts.length;
        problems.push(...[...directory.problems, ...plan.conflicts].slice(0, PROBLEMS_KEPT));
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
        }
        for (const { account, changes } of plan.updates) {
          try {
            if ((await updateAccountProfile({ actor, accountId: account.id, profile: changes }, client)).changed) counts.updated++;
          } catch (error) {
            skip(account.username, error);
          }
        }
        for (const { account } of plan.blocks) {
          try {
            if ((await blockAccount({ actor, accountId: account.id, reason: "DIRECTORY" }, client)).changed) counts.blocked++;
          } catch (error) {
            skip(account.username, error);
          }
        }
        for (const { account, areaId } of plan.moves) {
          try {
            if ((await moveDirectoryAccount({ actor, accountId: account.id, areaId }, client)).changed) counts.moved++;
          } catch (error) {
            skip(account.username, error);
          }
        }
        for (const { account } of plan.reenables) {
          try {
            if ((await applyDirectoryActiveState({ actor, accountId: account.id, active: true }, client)).changed) counts.reactivated++;
          } catch (error) {
            skip(account.username, error);
          }
        }
        counts.activated = (await activateWaitingAccounts({ actor }, client)).length;
      } catch (error) {
        failure = explain(error);
        if (failure === null)
          failure = `The sync stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}`;
        await client.ldapSyncRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), ...counts, problems, error: failure } });
        await recordAuditEvent(client, {
          actor: LDAP_SYNC_ACTOR,
          action: "ldap.sync",
          outcome: "REFUSED",
          detail: failure,
          after: { run: run.id.toString(), trigger: options.trigger },
        });
        if (!explain(error)) throw error;
        return { ok: false as const, runId: run.id, error: failure };
      }
      await client.ldapSyncRun.update({ where: { id: run.id }, data: { finishedAt: new Date(), ...counts, problems } });
      // A first sync of thousands: the list's search plans need fresh statistics (after the writes committed).
      await refreshAccountStatistics(counts.created + counts.updated + counts.moved + counts.blocked + counts.activated, client);
      const summary = `Sync done: ${describeCounts(counts, "past")}.`;
      await recordAuditEvent(client, {
        actor: LDAP_SYNC_ACTOR,
        action: "ldap.sync",
        detail: summary,
        after: { run: run.id.toString(), trigger: options.trigger, ...counts },
      });
      return { ok: true as const, runId: run.id, counts, summary, problems };
    },
    { timeout: RUN_TIMEOUT_MS, maxWait: 10_000 },
  );
}

/** Whether the schedule asks for a run now (checked under the lock, so two processes run it once). */
async function syncDue(client: Db): Promise<boolean> {
  const settings = await client.ldapDirectory.findUnique({ where: { id: 1 }, select: { scheduleMinutes: true } });
  if (!settings?.scheduleMinutes) return false;
  const last = await client.ldapSyncRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return !last || Date.now() - last.startedAt.getTime() >= settings.scheduleMinutes * 60_000;
}

/** The last runs, newest first (Admin › System › Directory sync › LDAP). */
export async function listLdapSyncRuns(limit = 20, client: Db = defaultDb()) {
  return client.ldapSyncRun.findMany({ orderBy: { startedAt: "desc" }, take: limit });
}
