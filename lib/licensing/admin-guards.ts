import "server-only";
import type { Db, Tx } from "../db/client";
import { isPerson, type Actor } from "./actor";
import { NotAllowedError } from "./errors";

// The site's guard rails (spec: "A real site"): it always keeps an active sysadmin and an active
// People administrator, and only a sysadmin may touch an account that holds the sysadmin role.

type Target = {
  id: string;
  username: string;
  state: string;
  isSysadmin: boolean;
  isPeopleAdmin: boolean;
  source?: string;
};

// One lock for every change that could leave the site without an administrator, taken before the
// account's row lock: two administrators blocking each other at once apply one after the other,
// and the second sees that the first is gone.
const ADMIN_ROLES_LOCK = 0x5ea7_0001;

export async function lockAdminRoles(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_ROLES_LOCK}::bigint)`;
}

/**
 * Takes the admin-roles lock when the account (read without a lock) holds a role. Call it before
 * locking the account's row; `assertKeepsAdministrators` re-checks under both locks.
 */
export async function lockAdminRolesIfAdmin(tx: Tx, accountId: string): Promise<boolean> {
  const peek = await tx.account.findUnique({ where: { id: accountId }, select: { isSysadmin: true, isPeopleAdmin: true } });
  if (!peek?.isSysadmin && !peek?.isPeopleAdmin) return false;
  await lockAdminRoles(tx);
  return true;
}

/** Only a sysadmin may block, delete, edit or reset the password of an account that holds the sysadmin role. */
export function assertMayManage(actor: Actor, target: Target, what: string): void {
  if (isPerson(actor) && target.isSysadmin && !actor.roles?.sysadmin) {
    throw new NotAllowedError(`${target.username} is a sysadmin: only a sysadmin may ${what} a sysadmin's account.`);
  }
}

/** People cannot block or delete the account they are signed in with. */
export function assertNotSelf(actor: Actor, target: Target, what: string): void {
  if (actor.id === target.id) throw new NotAllowedError(`You cannot ${what} your own account.`);
}

/**
 * Refuses a change that would leave no active sysadmin or no active People administrator.
 * `after` says which roles the account keeps and whether it stays active.
 */
export async function assertKeepsAdministrators(
  tx: Tx,
  target: Target,
  after: { active: boolean; isSysadmin: boolean; isPeopleAdmin: boolean },
  what: string,
): Promise<void> {
  if (target.state !== "ACTIVE") return;
  const checks = [
    { role: "isSysadmin", name: "sysadmin", losing: target.isSysadmin && (!after.active || !after.isSysadmin) },
    { role: "isPeopleAdmin", name: "People administrator", losing: target.isPeopleAdmin && (!after.active || !after.isPeopleAdmin) },
  ] as const;
  for (const check of checks) {
    if (!check.losing) continue;
    const others = await tx.account.count({ where: { [check.role]: true, state: "ACTIVE", id: { not: target.id } } });
    if (others === 0) {
      throw new NotAllowedError(
        `Cannot ${what} ${target.username}: it is the last active ${check.name}. Appoint another ${check.name} first.`,
      );
    }
  }
}

/** Thrown inside a transaction that found an administrator it had not locked for: it is run again. */
class AdminLockNeeded extends Error {}

/** After locking the account's row: an administrator must have been locked for (see withAdminRolesLock). */
export function requireAdminLock(adminLocked: boolean, account: { isSysadmin: boolean; isPeopleAdmin: boolean }): void {
  if (!adminLocked && (account.isSysadmin || account.isPeopleAdmin)) throw new AdminLockNeeded();
}

/**
 * Runs a transaction that may block or delete an administrator. The first try takes the
 * admin-roles lock only when the account (peeked at, unlocked) holds a role; if the role appeared
 * in between (requireAdminLock sees it under the row lock), the try is rolled back and run again
 * with the lock taken first. Taking it while holding the row lock instead could deadlock with a
 * role change, which takes them in the other order.
 */
export async function withAdminRolesLock<T>(client: Db, accountId: string, work: (tx: Tx, adminLocked: boolean) => Promise<T>): Promise<T> {
  const attempt = (lockFirst: boolean) =>
    client.$transaction(async (t) => {
      const adminLocked = lockFirst ? (await lockAdminRoles(t), true) : await lockAdminRolesIfAdmin(t, accountId);
      return work(t, adminLocked);
    });
  try {
    return await attempt(false);
  } catch (error) {
    if (error instanceof AdminLockNeeded) return attempt(true);
    throw error;
  }
}
