import "server-only";
import { v7 as timeOrderedUuid } from "uuid";
import type { AccountSource, Pool } from "../generated/prisma/enums";
import { db as defaultDb, type Db } from "../db/client";
import { refreshAccountStatistics } from "../db/refresh-account-statistics";
import type { Tx } from "../db/client";
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
  options: {
    actor: Actor;
    accounts: BulkAccount[];
    source: AccountSource;
    /**
     * The first load of a site with no accounts yet (a migration from another system, the
     * benchmark): Account's indexes are dropped and built again after the rows, as pg_restore
     * does, in the same transaction. Building an index once costs a fraction of updating it a
     * million times. Refused (InitialLoadError) when an account exists: on a live site the table
     * would be locked for the whole load.
     */
    initialLoad?: boolean;
  },
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
      const rebuild = options.initialLoad ? await dropIndexesForInitialLoad(tx) : [];
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
      for (const definition of rebuild) await tx.$executeRawUnsafe(definition);
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

/** An initial load asked of a site that already has accounts. */
export class InitialLoadError extends Error {
  constructor(readonly existing: number) {
    super(`An initial load needs a site with no accounts; this one has ${existing}.`);
    this.name = "InitialLoadError";
  }
}

/**
 * Locks Account (no one reads or writes it until the load commits), checks it is empty, drops
 * its indexes other than the primary key, and answers their definitions (pg_indexes, exactly as
 * the migrations made them) to run again once the rows are in.
 */
async function dropIndexesForInitialLoad(tx: Tx): Promise<string[]> {
  await tx.$executeRawUnsafe(`LOCK TABLE "Account" IN ACCESS EXCLUSIVE MODE`);
  const [{ existing }] = await tx.$queryRaw<{ existing: number }[]>`SELECT count(*)::int AS existing FROM "Account"`;
  if (existing > 0) throw new InitialLoadError(existing);
  const indexes = await tx.$queryRaw<{ name: string; definition: string }[]>`
    SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = 'Account'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
    ORDER BY i.indexname`;
  // Index builds may use more memory than a query's default: this transaction only.
  await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const index of indexes) await tx.$executeRawUnsafe(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  return indexes.map((i) => i.definition);
}
