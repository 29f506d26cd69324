import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { utcMinute } from "../format/utc";
import { settleInterruptedRuns } from "./interrupted-runs";
import { runView, type LdapSyncRunView } from "./read-sync-runs";
import { START_LOCK, syncLockHeld } from "./sync-lock";

export type StartOutcome = { ok: true; run: LdapSyncRunView } | { ok: false; busy: true; error: string; run: LdapSyncRunView | null };

/**
 * Records a new run, QUEUED for a worker (lib/ldap/sync-job.ts runs it in the background), unless
 * one is already going: then says who started it and when. Runs interrupted by a dead process are
 * settled first, so they never block. With `onlyWhenDue`, null unless the schedule asks for a run.
 */
export async function startLdapSync(options: { trigger: string }, client?: Db): Promise<StartOutcome>;
export async function startLdapSync(options: { trigger: string; onlyWhenDue: true }, client?: Db): Promise<StartOutcome | null>;
export async function startLdapSync(
  options: { trigger: string; onlyWhenDue?: boolean },
  client: Db = defaultDb(),
): Promise<StartOutcome | null> {
  await settleInterruptedRuns(client);
  return client.$transaction(
    async (tx) => {
      // Two starts at once (two clicks, two processes, the schedule): the second sees the first's run.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${START_LOCK})`;
      const going = await tx.ldapSyncRun.findFirst({ where: { finishedAt: null }, orderBy: { startedAt: "asc" } });
      if (going) {
        const who = going.trigger === "schedule" ? "the schedule" : going.trigger;
        return {
          ok: false as const,
          busy: true as const,
          error: `A sync started by ${who} at ${utcMinute(going.startedAt)} is still running: its progress shows below.`,
          run: runView(going),
        };
      }
      if (await syncLockHeld(tx)) {
        return {
          ok: false as const,
          busy: true as const,
          error: "Another LDAP sync is running: try again when it has finished.",
          run: null,
        };
      }
      if (options.onlyWhenDue && !(await syncDue(tx))) return null;
      return { ok: true as const, run: runView(await tx.ldapSyncRun.create({ data: { trigger: options.trigger } })) };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

type Reader = Pick<Db, "ldapDirectory" | "ldapSyncRun">;

/** Whether the schedule asks for a run now (checked under the start lock, so two processes start it once). */
export async function syncDue(client: Reader): Promise<boolean> {
  const settings = await client.ldapDirectory.findUnique({ where: { id: 1 }, select: { scheduleMinutes: true } });
  if (!settings?.scheduleMinutes) return false;
  const last = await client.ldapSyncRun.findFirst({ orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return !last || Date.now() - last.startedAt.getTime() >= settings.scheduleMinutes * 60_000;
}
