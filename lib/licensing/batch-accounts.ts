import "server-only";
import type { Tx } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import { LicensingError } from "./errors";
import type { LockedAccount } from "./update-locked-account";

// What the bulk operations on many accounts (a bulk job's batch) share: each account gets an
// outcome, and a refusal of one never stops the others.

export type BatchOutcome = { outcome: "DONE" | "UNCHANGED" | "REFUSED"; message: string };

/** Outcomes by account id, in the order the batch was given. */
export type BatchOutcomes = Map<string, BatchOutcome>;

/**
 * Locks the batch's accounts FOR UPDATE in id order (two overlapping batches then queue rather
 * than deadlock) and reads them with their areas. Accounts that no longer exist are missing.
 */
export async function lockAccountsForBatch(tx: Tx, accountIds: string[]): Promise<Map<string, LockedAccount>> {
  if (accountIds.length === 0) return new Map();
  await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ANY(${accountIds}::uuid[]) ORDER BY id FOR UPDATE`;
  const accounts = await tx.account.findMany({ where: { id: { in: accountIds } }, include: { area: true } });
  return new Map(accounts.map((a) => [a.id, a]));
}

/** A rule's refusal becomes the account's outcome; anything else is a fault and stops the batch. */
export function refusedBy(error: unknown): BatchOutcome {
  if (error instanceof LicensingError) return { outcome: "REFUSED", message: error.message };
  throw error;
}

export const GONE: BatchOutcome = { outcome: "UNCHANGED", message: "It no longer exists." };

/** How many of these accounts are in each pool, in a fixed pool order (pool rows lock in that order). */
export function countByPool(accounts: { area: { pool: Pool } }[]): [Pool, number][] {
  const counts = new Map<Pool, number>();
  for (const a of accounts) counts.set(a.area.pool, (counts.get(a.area.pool) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}
