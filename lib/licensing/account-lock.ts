import "server-only";
import type { Tx } from "../db/client";
import { AccountNotFoundError } from "./errors";

/**
 * Reads an account with its row locked FOR UPDATE for the rest of the transaction, so two
 * requests on the same account (block and unblock, unblock and delete) apply one after the
 * other and each sees the state the other left.
 */
export async function lockAccount(tx: Tx, accountId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Account" WHERE id = ${accountId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new AccountNotFoundError(accountId);
  return tx.account.findUniqueOrThrow({ where: { id: accountId }, include: { area: true } });
}
