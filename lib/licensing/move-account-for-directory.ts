import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import type { Actor } from "./actor";
import { assertKeepsAdministrators, lockAdminRoles } from "./admin-guards";
import { recordAuditEvent } from "./audit";
import { NotAllowedError, SeatLimitError } from "./errors";
import { accountIdSchema } from "./schemas";
import { areaWithPool, lockPools, releaseSeat, takeSeat } from "./seats";
import { updateLockedAccount } from "./update-locked-account";
import { parseInput } from "./validate";

/** moved: in its new area, as active or blocked as before; waiting: moved, but no seat was free. */
export type DirectoryMoveOutcome = "unchanged" | "moved" | "waiting" | "refused";

export type MoveAccountsForDirectoryOptions = {
  actor: Actor;
  accountIds: string[];
  /**
   * The area the directory wants for an account, or null to leave it where it is. Called under
   * the account's row lock, so concurrent membership changes of one person apply one after the
   * other and each reads what the previous one committed: the last word wins.
   */
  areaFor: (tx: Tx, accountId: string) => Promise<string | null>;
  /** Why, for the audit trail ("membership of group Partners changed"). */
  reason?: string;
};

/** Accounts moved per transaction: the pools stay locked while a batch runs, so keep it short. */
const BATCH = 50;

/**
 * Moves accounts to the areas their directory (SCIM groups) decides. Unlike a People
 * administrator's move, which is refused when the target pool is full (rule 1), a directory move
 * always happens (rule 4): an active account takes a seat in the target pool if one is free, else
 * it gives its old seat back and waits, blocked for lack of a seat, until a sync run activates it
 * (oldest first). A blocked account moves and stays blocked, whatever the reason. The last active
 * administrator is not sent to wait: that move is refused and audited.
 *
 * Accounts are moved in the order given (callers pass arrival order), in batches: one transaction
 * per batch takes the admin-roles lock, the accounts' rows (by id) and then both pools, the order
 * every other operation takes them in, so it cannot deadlock with them.
 */
export async function moveAccountsForDirectory(
  options: MoveAccountsForDirectoryOptions,
  client: Db = defaultDb(),
): Promise<{ accountId: string; outcome: DirectoryMoveOutcome; detail?: string }[]> {
  const accountIds = parseInput(z.array(accountIdSchema), options.accountIds);
  const results: { accountId: string; outcome: DirectoryMoveOutcome; detail?: string }[] = [];
  for (let i = 0; i < accountIds.length; i += BATCH) {
    const batch = accountIds.slice(i, i + BATCH);
    results.push(...(await client.$transaction((tx) => moveBatch(tx, options, batch), { timeout: 60_000 })));
  }
  return results;
}

async function moveBatch(tx: Tx, options: MoveAccountsForDirectoryOptions, accountIds: string[]) {
  const { actor } = options;
  // A move into a full pool blocks the account: the guard rails for administrators need this lock.
  await lockAdminRoles(tx);
  await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ANY(${accountIds}::uuid[]) ORDER BY id FOR UPDATE`;
  await lockPools(tx);
  const detail = options.reason ? `The directory moved it: ${options.reason}.` : "The directory moved it.";
  const results: { accountId: string; outcome: DirectoryMoveOutcome; detail?: string }[] = [];
  // A batch mostly moves people to one or two areas: each is locked and read once.
  const areas = new Map<string, Awaited<ReturnType<typeof areaWithPool>>>();
  for (const accountId of accountIds) {
    const before = await tx.account.findUnique({ where: { id: accountId }, include: { area: true } });
    const areaId = before ? await options.areaFor(tx, accountId) : null;
    if (!before || !areaId || areaId === before.areaId) {
      results.push({ accountId, outcome: "unchanged" });
      continue;
    }
    const target = areas.get(areaId) ?? (await areaWithPool(tx, areaId));
    areas.set(areaId, target);
    if (before.state !== "ACTIVE" || before.area.pool === target.pool) {
      await updateLockedAccount(tx, { before, actor, action: "account.move", data: { areaId: target.id }, detail });
      results.push({ accountId, outcome: "moved" });
      continue;
    }
    try {
      await takeSeat(tx, target.pool);
    } catch (error) {
      if (!(error instanceof SeatLimitError)) throw error;
      // takeSeat and the guard rail change nothing when they refuse: the transaction goes on.
      try {
        await assertKeepsAdministrators(
          tx,
          before,
          { active: false, isSysadmin: before.isSysadmin, isPeopleAdmin: before.isPeopleAdmin },
          "move",
        );
      } catch (refusal) {
        if (!(refusal instanceof NotAllowedError)) throw refusal;
        await recordAuditEvent(tx, { actor, action: "account.move", outcome: "REFUSED", account: before, detail: refusal.message });
        results.push({ accountId, outcome: "refused", detail: refusal.message });
        continue;
      }
      await releaseSeat(tx, before.area.pool);
      const now = new Date();
      const waitingDetail = `${detail} ${error.message} It waits for a seat in "${target.name}".`;
      await updateLockedAccount(tx, {
        before,
        actor,
        action: "account.move",
        data: { areaId: target.id, state: "BLOCKED", blockedReason: "NO_SEAT", blockedAt: now, waitingSince: now },
        detail: waitingDetail,
      });
      results.push({ accountId, outcome: "waiting", detail: waitingDetail });
      continue;
    }
    await releaseSeat(tx, before.area.pool);
    await updateLockedAccount(tx, { before, actor, action: "account.move", data: { areaId: target.id }, detail });
    results.push({ accountId, outcome: "moved" });
  }
  return results;
}

/** One account: see moveAccountsForDirectory. */
export async function moveAccountForDirectory(
  options: Omit<MoveAccountsForDirectoryOptions, "accountIds"> & { accountId: string },
  client: Db = defaultDb(),
): Promise<{ outcome: DirectoryMoveOutcome; detail?: string }> {
  const [result] = await moveAccountsForDirectory({ ...options, accountIds: [options.accountId] }, client);
  return result.detail ? { outcome: result.outcome, detail: result.detail } : { outcome: result.outcome };
}
