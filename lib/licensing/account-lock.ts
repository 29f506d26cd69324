import "server-only";
import type { Tx } from "../db/client";
import type { Account, Area } from "../generated/prisma/client";
import { AccountNotFoundError } from "./errors";

type LockedRow = Account & { areaName: string; areaNameKey: string; areaPool: Area["pool"]; areaCreatedAt: Date };

/**
 * Reads an account with its row locked FOR UPDATE for the rest of the transaction, so two
 * requests on the same account (block and unblock, unblock and delete) apply one after the
 * other and each sees the state the other left. One statement: the account and its area.
 */
export async function lockAccount(tx: Tx, accountId: string): Promise<Account & { area: Area }> {
  const [row] = await tx.$queryRaw<LockedRow[]>`
    SELECT a.*, ar.name AS "areaName", ar."nameKey" AS "areaNameKey", ar.pool AS "areaPool", ar."createdAt" AS "areaCreatedAt"
    FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE a.id = ${accountId}::uuid FOR UPDATE OF a`;
  if (!row) throw new AccountNotFoundError(accountId);
  const { areaName, areaNameKey, areaPool, areaCreatedAt, ...account } = row;
  return { ...account, area: { id: account.areaId, name: areaName, nameKey: areaNameKey, pool: areaPool, createdAt: areaCreatedAt } };
}
