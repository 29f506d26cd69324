import "server-only";
import { config } from "../config";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { utcDate, utcLongDate } from "../format/utc";
import { enqueueMail, mailConfigured } from "../mail/outbox";
import type { Actor } from "./actor";
import { blockAccount } from "./block-account";
import { LicensingError } from "./errors";
import { inactivityCandidates } from "./inactivity-candidates";

export const INACTIVITY_ACTOR: Actor = { id: null, label: "inactivity policy" };
/** pg advisory lock key of the daily run ("inactive" in ASCII): one process runs it at a time. */
const RUN_LOCK = 0x696e616374697665n;
/** A run blocks accounts one by one (each its own short transaction): it may take a while. */
const RUN_TIMEOUT_MS = 30 * 60_000;

export type PoolReport = { pool: Pool; warned: number; blocked: number; seatsFreed: number; skipped: number };
export type InactivityRunReport = { day: string; warned: number; blocked: number; byPool: PoolReport[] };

/**
 * The daily run of the inactivity policies, at most once per UTC day across every process: an
 * advisory lock (a second process does not wait, it skips) and the run's row, unique per day,
 * written in the same transaction at the end. Warns first (e-mail, once per spell, when SMTP is
 * set), then blocks through blockAccount (reason INACTIVE), each account in its own transaction
 * with the usual guard rails; an account they protect is skipped and counted. Returns null when
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

      for (const person of await inactivityCandidates(client, now, "block")) {
        try {
          const { changed } = await blockAccount({ actor: INACTIVITY_ACTOR, accountId: person.id, reason: "INACTIVE" }, client);
          if (changed) {
            report(person.pool).blocked++;
            report(person.pool).seatsFreed++; // it was active: its seat is free
          }
        } catch (error) {
          // A guard rail (e.g. the site's last People administrator) or an account gone meanwhile.
          if (!(error instanceof LicensingError)) throw error;
          report(person.pool).skipped++;
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
