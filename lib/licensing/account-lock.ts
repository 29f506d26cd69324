import "server-only";
import type { Tx } from "../db/client";
import type { Account, Area } from "../generated/prisma/client";
import { AccountNotFoundError } from "./errors";

type LockedRow = Account & { areaName: string; areaNameKey: string; areaPool: Area["pool"]; areaCreatedAt: Date };

/**
 * Reads an account with its row locked FOR UPDATE for the rest of the transaction, so two
 * requests on the same account (block and unblock, unblock and delete) apply one after the
 * other and each sees the state the other left. One statement: the account and its area. The
 * lock is taken in a sub-select: with `JOIN … FOR UPDATE OF a`, a row whose area changed while
 * we waited for its lock (a concurrent move) fails the re-check against the old area row, and the
 * account would look deleted.
 */
export async function lockAccount(tx: Tx, accountId: string): Promise<Account & { area: Area }> {
  const [row] = await tx.$queryRaw<LockedRow[]>`
    SELECT a.*, ar.name AS "areaName", ar."nameKey" AS "areaNameKey", ar.pool AS "areaPool", ar."createdAt" AS "areaCreatedAt"
    FROM (SELECT * FROM "Account" WHERE id = ${accountId}::uuid FOR UPDATE) a JOIN "Area" ar ON ar.id = a."areaId"`;
  if (!row) throw new AccountNotFoundError(accountId);
  const { areaName, areaNameKey, areaPool, areaCreatedAt, ...account } = row;
  return { ...account, area: { id: account.areaId, name: areaName, nameKey: areaNameKey, pool: areaPool, createdAt: areaCreatedAt } };
}
