import "server-only";
import { endAccountSessions } from "../accounts/sessions";
import type { Tx } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { Actor } from "./actor";
import type { lockAccount } from "./account-lock";
import { recordAuditEvent, snapshotAccount, type AuditAction } from "./audit";

export type LockedAccount = Awaited<ReturnType<typeof lockAccount>>;

/** Writes a change to an account locked by this transaction, with its audit event (before/after). */
export async function updateLockedAccount(
  tx: Tx,
  options: { before: LockedAccount; data: Prisma.AccountUncheckedUpdateInput; actor: Actor; action: AuditAction; detail?: string | null },
) {
  // The area is read again only when it changes: an include costs a second query.
  const account =
    options.data.areaId === undefined
      ? { ...(await tx.account.update({ where: { id: options.before.id }, data: options.data })), area: options.before.area }
      : await tx.account.update({ where: { id: options.before.id }, data: options.data, include: { area: true } });
  // A cookie saved before a block must stay dead after an unblock: blocking ends every session.
  if (options.data.state === "BLOCKED" && options.before.state === "ACTIVE") await endAccountSessions(tx, account.id, "blocked");
  await recordAuditEvent(tx, {
    actor: options.actor,
    action: options.action,
    account,
    pool: account.area.pool,
    before: snapshotAccount(options.before),
    after: snapshotAccount(account),
    detail: options.detail ?? null,
  });
  return account;
}
