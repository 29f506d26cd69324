import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import { assertKeepsAdministrators, isPerson, lockAdminRoles, recordAuditEvent, type Actor } from "../licensing";
import { lockAccount } from "../licensing/account-lock";
import { AccountNotFoundError, NotAllowedError } from "../licensing/errors";
import { parseInput } from "../licensing/validate";
import { endAccountSessions } from "./sessions";

/** The roles an account should have; a role left out stays as it is. */
export const rolesSchema = z.object({
  accountId: z.uuid("Not a valid account id."),
  sysadmin: z.boolean().optional(),
  peopleAdmin: z.boolean().optional(),
});

export type RoleChange = z.input<typeof rolesSchema>;

const roleNames = (r: { isSysadmin: boolean; isPeopleAdmin: boolean }) =>
  [r.isSysadmin ? "sysadmin" : null, r.isPeopleAdmin ? "People administrator" : null].filter(Boolean).join(", ") || "none";

/**
 * Grants and revokes the two roles. Only sysadmins do it; nobody removes their own sysadmin role;
 * the site keeps an active sysadmin and an active People administrator. The account's sessions
 * end (but the one making the change), so it signs in again with its new rights.
 */
export async function changeRoles(options: RoleChange & { actor: Actor; sessionId?: string | null }, client: Db = defaultDb()) {
  const input = parseInput(rolesSchema, options);
  const { actor } = options;
  if (isPerson(actor) && !actor.roles?.sysadmin) throw new NotAllowedError("Only sysadmins grant and revoke roles.");
  return client.$transaction(async (tx) => {
    await lockAdminRoles(tx);
    const before = await lockAccount(tx, input.accountId);
    // Worked out from the row as locked, so two sysadmins changing different roles at once both count.
    const after = { isSysadmin: input.sysadmin ?? before.isSysadmin, isPeopleAdmin: input.peopleAdmin ?? before.isPeopleAdmin };
    if (before.isSysadmin === after.isSysadmin && before.isPeopleAdmin === after.isPeopleAdmin) return { account: before, changed: false };
    if (actor.id === before.id && before.isSysadmin && !after.isSysadmin) {
      throw new NotAllowedError("You cannot remove your own sysadmin role: another sysadmin must do it.");
    }
    await assertKeepsAdministrators(tx, before, { active: true, ...after }, "remove a role from");
    const account = await tx.account.update({ where: { id: before.id }, data: after, include: { area: true } });
    // A set-password link sent before a promotion must not become a way into a sysadmin account.
    if (after.isSysadmin && !before.isSysadmin)
      await tx.passwordLink.updateMany({ where: { accountId: account.id, usedAt: null }, data: { usedAt: new Date() } });
    await endAccountSessions(tx, account.id, "roles changed", actor.id === account.id ? options.sessionId : null);
    await recordAuditEvent(tx, {
      actor,
      action: "account.roles",
      account,
      before: { roles: roleNames(before) },
      after: { roles: roleNames(account) },
    });
    return { account, changed: true };
  });
}

export const ROLE_LABEL = { sysadmin: "sysadmin", peopleAdmin: "People administrator" } as const;
export type RoleName = keyof typeof ROLE_LABEL;

/** Grants or revokes one role, found by account id or user name, keeping the other role as it is. */
export async function setRole(
  options: { actor: Actor; sessionId?: string | null; role: RoleName; granted: boolean } & ({ accountId: string } | { username: string }),
  client: Db = defaultDb(),
) {
  const where =
    "accountId" in options
      ? { id: parseInput(z.uuid("Not a valid account id."), options.accountId) }
      : { username: options.username.trim().toLowerCase() };
  const account = await client.account.findUnique({ where, select: { id: true } });
  if (!account) throw new AccountNotFoundError("accountId" in options ? options.accountId : `with user name "${options.username.trim()}"`);
  return changeRoles(
    { actor: options.actor, sessionId: options.sessionId, accountId: account.id, [options.role]: options.granted },
    client,
  );
}

/** Who holds a role, for Admin › System › Roles. */
export async function listAdministrators(client: Db = defaultDb()) {
  return client.account.findMany({
    where: { OR: [{ isSysadmin: true }, { isPeopleAdmin: true }] },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }, { username: "asc" }],
    select: {
      id: true,
      username: true,
      givenName: true,
      familyName: true,
      state: true,
      blockedReason: true,
      isSysadmin: true,
      isPeopleAdmin: true,
      lastSignInAt: true,
    },
  });
}
