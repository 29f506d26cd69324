import "server-only";
import { Prisma } from "../generated/prisma/client";
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
 * Loads many accounts in one transaction per batch (the benchmark's 100,000, a data migration):
 * one multi-row INSERT per batch, with the batch's seats taken up front by the same conditional
 * UPDATE as single activations (all of a batch's active accounts fit, or the batch is refused and
 * nothing of it is written). Fields are trusted: callers validate them; one audit event per batch.
 */
export async function bulkCreateAccounts(
  options: { actor: Actor; accounts: BulkAccount[]; source: AccountSource },
  client: Db = defaultDb(),
): Promise<number> {
  if (options.accounts.length === 0) return 0;
  const areas = await client.area.findMany({ select: { id: true, pool: true } });
  const poolOf = new Map(areas.map((a) => [a.id, a.pool]));
  const seats = new Map<Pool, number>();
  for (const a of options.accounts) {
    const pool = poolOf.get(a.areaId);
    if (!pool) throw new Error(`Unknown area ${a.areaId}`);
    if (a.active) seats.set(pool, (seats.get(pool) ?? 0) + 1);
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
      const rows = options.accounts.map(
        (a) =>
          Prisma.sql`(gen_random_uuid(), ${a.username.toLowerCase()}, ${a.email.toLowerCase()}, ${a.givenName}, ${a.familyName}, ${a.areaId}::uuid,
            ${a.active ? "ACTIVE" : "BLOCKED"}::"AccountState", ${a.active ? null : "ADMIN"}::"BlockReason", ${a.active ? null : now},
            ${options.source}::"AccountSource", ${now}, ${now})`,
      );
      const inserted = await tx.$executeRaw`
        INSERT INTO "Account" (id, username, email, "givenName", "familyName", "areaId", state, "blockedReason", "blockedAt", source, "createdAt", "updatedAt")
        VALUES ${Prisma.join(rows)}`;
      await recordAuditEvent(tx, {
        actor: options.actor,
        action: "account.create",
        detail: `Bulk load: ${inserted} accounts (${[...seats].map(([p, n]) => `${n} active in ${p}`).join(", ") || "none active"}).`,
      });
      return inserted;
    },
    { timeout: 120_000 },
  );
  // After the seats' transaction, never in it.
  await refreshAccountStatistics(inserted, client);
  return inserted;
}
