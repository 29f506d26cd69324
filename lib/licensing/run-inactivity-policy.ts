import "server-only";
import { config } from "../config";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { utcDate, utcLongDate } from "../format/utc";
import { enqueueMail, mailConfigured } from "../mail/outbox";
import type { Actor } from "./actor";
import { blockAccountsInBatch } from "./block-accounts-in-batch";
import { inactivityCandidates } from "./inactivity-candidates";

export const INACTIVITY_ACTOR: Actor = { id: null, label: "inactivity policy" };
/** pg advisory lock key of the daily run ("inactive" in ASCII): one process runs it at a time. */
const RUN_LOCK = 0x696e616374697665n;
/** The lock is held for the whole run (batches of short transactions): a generous bound. */
const RUN_TIMEOUT_MS = 30 * 60_000;
/** Accounts blocked per transaction. */
const RUN_BATCH = 200;

export type PoolReport = { pool: Pool; warned: number; blocked: number; seatsFreed: number; skipped: number };
export type InactivityRunReport = { day: string; warned: number; blocked: number; byPool: PoolReport[] };

/**
 * The daily run of the inactivity policies, at most once per UTC day across every process: an
 * advisory lock (a second process does not wait, it skips) and the run's row, unique per day,
 * written in the same transaction at the end. Warns first (e-mail, once per spell, when SMTP is
 * set), then blocks (reason INACTIVE) in batches of short transactions with blockAccount's
 * guard rails; an account they protect is skipped and counted. Returns null when
 * another process holds the lock or today's run is done.
 */
export async function runInactivityPolicies(options: { now?: Date } = {}, client: Db = defaultDb()): Promise<InactivityRunReport | null> {
  const now = options.now ?? new Date();
  const day = utcDate(now);
  return client.$transaction(
    async (lockTx) => {
      const [{ locked }] = await lockTx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RUN_LOCK}) AS locked`;
      if (!locked) return null;
      if (await lockTx.inactivityRun.findUnique({ where: { day: new Date(`${day}T00:00:00Z`) } })) return null;
      const byPool = new Map<Pool, PoolReport>();
      const report = (pool: Pool) => {
        let r = byPool.get(pool);
        if (!r) byPool.set(pool, (r = { pool, warned: 0, blocked: 0, seatsFreed: 0, skipped: 0 }));
        return r;
      };

      if (mailConfigured()) {
        for (const person of await inactivityCandidates(client, now, "warn")) {
          // The claim and the mail in one transaction: one warning per spell, even after a crash.
          const sent = await client.$transaction(async (tx) => {
            const claimed = await tx.$executeRaw`
              UPDATE "Account" SET "inactivityWarnedFor" = ${person.inactiveSince}
              WHERE id = ${person.id}::uuid AND state = 'ACTIVE' AND "inactivityWarnedFor" IS DISTINCT FROM ${person.inactiveSince}`;
            if (claimed === 0) return false;
            await enqueueMail(tx, [warningMail(person.email, person.name, person.blockAt)]);
            return true;
          });
          if (sent) report(person.pool).warned++;
        }
      }

      // In batches, each its own short transaction (as a bulk job's): thousands take seconds.
      const candidates = await inactivityCandidates(client, now, "block");
      const poolOf = new Map(candidates.map((c) => [c.id, c.pool]));
      for (let i = 0; i < candidates.length; i += RUN_BATCH) {
        const accountIds = candidates.slice(i, i + RUN_BATCH).map((c) => c.id);
        const outcomes = await client.$transaction((tx) =>
          blockAccountsInBatch(tx, { actor: INACTIVITY_ACTOR, accountIds, reason: "INACTIVE", detail: "Inactivity policy." }),
        );
        for (const [id, { outcome }] of outcomes) {
          const r = report(poolOf.get(id)!);
          // Done: it was active, so its seat is free. Refused: a guard rail (e.g. the site's last
          // People administrator). Unchanged: blocked or deleted meanwhile.
          if (outcome === "DONE") {
            r.blocked++;
            r.seatsFreed++;
          } else if (outcome === "REFUSED") r.skipped++;
        }
      }

      const pools = [...byPool.values()].sort((a, b) => a.pool.localeCompare(b.pool));
      const totals = { warned: pools.reduce((n, p) => n + p.warned, 0), blocked: pools.reduce((n, p) => n + p.blocked, 0) };
      await lockTx.inactivityRun.create({
        data: { day: new Date(`${day}T00:00:00Z`), startedAt: now, finishedAt: new Date(), ...totals, byPool: pools },
      });
      return { day, ...totals, byPool: pools };
    },
    { timeout: RUN_TIMEOUT_MS, maxWait: 10_000 },
  );
}

function warningMail(to: string, name: string, blockAt: Date) {
  const { SEATKEEPER_URL, AUTH_URL } = config();
  const site = SEATKEEPER_URL ?? AUTH_URL;
  return {
    to,
    subject: "Your account will be blocked for inactivity",
    body:
      `Hello ${name},\n\nYour account has not been used for a long time. Unless you sign in before ${utcLongDate(blockAt)} (UTC), ` +
      `it will be blocked to free its license seat. If it is blocked, signing in again brings it back when a seat is free.\n\n` +
      `${site ? `Sign in: ${site.replace(/\/$/, "")}/login\n\n` : ""}-- Seatkeeper`,
  };
}

/** The reports of the last runs, newest first. */
export async function listInactivityRuns(client: Db = defaultDb(), take = 30) {
  const runs = await client.inactivityRun.findMany({ orderBy: { day: "desc" }, take });
  return runs.map((r) => ({ ...r, id: r.id.toString(), byPool: r.byPool as PoolReport[] }));
}
