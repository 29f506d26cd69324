import "server-only";
import { v7 as timeOrderedUuid } from "uuid";
import type { AccountSource, Pool } from "../generated/prisma/enums";
import { db as defaultDb, type Db } from "../db/client";
import { refreshAccountStatistics } from "../db/refresh-account-statistics";
import type { Actor } from "./actor";
import { recordAuditEvent } from "./audit";
import { SeatLimitError } from "./errors";
import { notePoolLevel } from "./pool-notifications";

export type BulkAccount = {
  username: string;
  email: string;
  givenName: string;
  familyName: string;
  areaId: string;
  active: boolean;
};

/**
 * Loads many accounts in one transaction (the benchmark's million, a data migration): the
 * batch's seats are taken up front by the same conditional UPDATE as single activations (all of
 * a batch's active accounts fit, or the batch is refused and nothing of it is written), then one
 * INSERT … SELECT reads the accounts from seven array parameters (unnest), so a batch of 100,000
 * costs one statement and seven bind values rather than a million placeholders. The ids are
 * time-ordered (UUID version 7, increasing within the batch): the primary key and the indexes
 * that end with the id after a shared value (creation time, "never signed in") then grow at their
 * right edge instead of taking every row at a random page, which at a million accounts was most of
 * a load's time. Fields are trusted: callers validate them; one audit event per batch.
 */
export async function bulkCreateAccounts(
  options: { actor: Actor; accounts: BulkAccount[]; source: AccountSource },
  client: Db = defaultDb(),
): Promise<number> {
  if (options.accounts.length === 0) return 0;
  const areas = await client.area.findMany({ select: { id: true, pool: true } });
  const poolOf = new Map(areas.map((a) => [a.id, a.pool]));
  const seats = new Map<Pool, number>();
  const columns = { username: [] as string[], email: [] as string[], givenName: [] as string[], familyName: [] as string[] };
  const ids: string[] = [];
  const areaIds: string[] = [];
  const active: boolean[] = [];
  for (const a of options.accounts) {
    const pool = poolOf.get(a.areaId);
    if (!pool) throw new Error(`Unknown area ${a.areaId}`);
    if (a.active) seats.set(pool, (seats.get(pool) ?? 0) + 1);
    ids.push(timeOrderedUuid());
    columns.username.push(a.username.toLowerCase());
    columns.email.push(a.email.toLowerCase());
    columns.givenName.push(a.givenName);
    columns.familyName.push(a.familyName);
    areaIds.push(a.areaId);
    active.push(a.active);
  }
  const inserted = await client.$transaction(
    async (tx) => {
      for (const pool of ["PRIMARY", "EXTRANET"] as const) {
        const n = seats.get(pool) ?? 0;
        if (n === 0) continue;
        const taken = await tx.$executeRaw`
          UPDATE "SeatPool" SET "activeCount" = "activeCount" + ${n}, "updatedAt" = now()
          WHERE pool = ${pool}::"Pool" AND "activeCount" + ${n} <= "seatLimit"`;
        if (taken === 0) {
          const row = await tx.seatPool.findUniqueOrThrow({ where: { pool } });
          throw new SeatLimitError(pool, row.seatLimit, row.activeCount);
        }
        await notePoolLevel(tx, await tx.seatPool.findUniqueOrThrow({ where: { pool } }));
      }
      const now = new Date();
      const inserted = await tx.$executeRaw`
        INSERT INTO "Account" (id, username, email, "givenName", "familyName", "areaId", state, "blockedReason", "blockedAt", source, "createdAt", "updatedAt")
        SELECT t.id, t.username, t.email, t."givenName", t."familyName", t."areaId",
          CASE WHEN t.active THEN 'ACTIVE' ELSE 'BLOCKED' END::"AccountState",
          CASE WHEN t.active THEN NULL ELSE 'ADMIN' END::"BlockReason",
          CASE WHEN t.active THEN NULL ELSE ${now}::timestamp(3) END,
          ${options.source}::"AccountSource", ${now}::timestamp(3), ${now}::timestamp(3)
        FROM unnest(${ids}::uuid[], ${columns.username}::text[], ${columns.email}::text[], ${columns.givenName}::text[], ${columns.familyName}::text[],
          ${areaIds}::uuid[], ${active}::boolean[]) WITH ORDINALITY AS t(id, username, email, "givenName", "familyName", "areaId", active, n)
        ORDER BY t.n`;
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "account.create",
        detail: `Bulk load: ${inserted} accounts (${[...seats].map(([p, n]) => `${n} active in ${p}`).join(", ") || "none active"}).`,
      });
      return inserted;
    },
    { timeout: 600_000 },
  );
  // After the seats' transaction, never in it.
  await refreshAccountStatistics(inserted, client);
  return inserted;
}
