import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "../licensing/actor";
import { recordAuditEvent } from "../licensing/audit";
import { getSiteSettings } from "../licensing/site-settings";
import { sealAuditChain } from "./seal-audit-chain";

/** Held by the process that purges: the others skip their run. */
const AUDIT_PURGE_LOCK = 0x5ea7_0003;
const DAY_MS = 86_400_000;

export const RETENTION_ACTOR: Actor = { id: null, label: "audit retention" };

export type PurgeOutcome =
  { purged: number; olderThan: Date; chainStartsFrom: string } | { purged: 0; skipped: "off" | "another process is purging" };

/**
 * Deletes the audit events older than the retention setting (none when it is off), then records
 * the purge as an event: how many, up to when, and the hash the remaining chain starts from, which
 * audit:verify starts from. Only the chain's oldest part is removed (events before the first one
 * to keep, in chain order), so what remains is one unbroken chain.
 */
export async function purgeAuditEvents(options: { now?: Date } = {}, client: Db = defaultDb()): Promise<PurgeOutcome> {
  const { auditRetentionDays: days } = await getSiteSettings(client);
  if (!days) return { purged: 0, skipped: "off" };
  const olderThan = new Date((options.now ?? new Date()).getTime() - days * DAY_MS);
  return client.$transaction(
    async (tx) => {
      const [{ got }] = await tx.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(${AUDIT_PURGE_LOCK}::bigint) AS got`;
      if (!got) return { purged: 0, skipped: "another process is purging" } as const;
      // Seals what has committed, and holds the chain's lock from there: nothing is appended
      // between finding where the chain will start and recording it. Events committed after the
      // seal have no place yet and are never purged here; they are sealed after the purge event.
      await sealAuditChain(tx);
      const [keep] = await tx.$queryRaw<{ chainSeq: bigint; prevHash: string }[]>`
        SELECT "chainSeq", "prevHash" FROM "AuditEvent" WHERE at >= ${olderThan} AND "chainSeq" IS NOT NULL ORDER BY "chainSeq" LIMIT 1`;
      let chainStartsFrom: string;
      let purged: number;
      let lastPurgedHash: string | undefined;
      if (keep) {
        chainStartsFrom = keep.prevHash;
        purged = await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "chainSeq" < ${keep.chainSeq}`;
      } else {
        // Every event goes: the purge event starts a new chain (its own record names the last hash removed).
        const [last] = await tx.$queryRaw<{ hash: string }[]>`
          SELECT hash FROM "AuditEvent" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1`;
        if (!last) return { purged: 0, olderThan, chainStartsFrom: "" };
        chainStartsFrom = "";
        lastPurgedHash = last.hash;
        purged = await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "chainSeq" IS NOT NULL`;
      }
      if (purged === 0) return { purged: 0, olderThan, chainStartsFrom };
      await recordAuditEvent(tx, {
        actor: RETENTION_ACTOR,
        action: "audit.purge",
        after: {
          purged,
          olderThan: olderThan.toISOString(),
          retentionDays: days,
          chainStartsFrom,
          ...(lastPurgedHash ? { lastPurgedHash } : {}),
        },
        detail: `Purged ${purged} audit event${purged === 1 ? "" : "s"} older than ${olderThan.toISOString().slice(0, 10)} (kept for ${days} days).`,
      });
      return { purged, olderThan, chainStartsFrom };
    },
    { timeout: 600_000 },
  );
}
