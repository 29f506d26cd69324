import "server-only";
import { forbidden, redirect } from "next/navigation";
import { loadLiveSession, type LiveSession } from "../accounts/sessions";
import type { Actor } from "../licensing/actor";
import { auth } from "./auth";

export type Role = "sysadmin" | "peopleAdmin";

/** The signed-in person, as every page and action sees them: re-read on every request. */
export type SessionAccount = LiveSession["account"] & { sessionId: string };

export const PASSWORD_CHANGE_PATH = "/account";

export function hasRole(account: Pick<SessionAccount, "isSysadmin" | "isPeopleAdmin">, role: Role): boolean {
  return role === "sysadmin" ? account.isSysadmin : account.isPeopleAdmin;
}

export function actorOf(account: SessionAccount): Actor {
  return { id: account.id, label: account.username, roles: { sysadmin: account.isSysadmin, peopleAdmin: account.isPeopleAdmin } };
}

/** The signed-in, still active account behind an open session, or null. Checked on every call. */
export async function currentAccount(): Promise<SessionAccount | null> {
  const session = await auth();
  const live = await loadLiveSession((session as { sessionId?: unknown } | null)?.sessionId);
  return live ? { ...live.account, sessionId: live.sessionId } : null;
}

/**
 * For pages: signed-out visitors go to sign-in; signed-in ones without the role get a 403; a
 * person holding a one-time password is sent to change it first (My account allows that).
 */
export async function requirePageAccount(role?: Role, options: { duringPasswordChange?: boolean } = {}): Promise<SessionAccount> {
  const account = await currentAccount();
  if (!account) redirect("/login");
  if (account.mustChangePassword && !options.duringPasswordChange) redirect(PASSWORD_CHANGE_PATH);
  if (role && !hasRole(account, role)) forbidden();
  return account;
}

/** For pages either role may open (an account's page: People administrators act, sysadmins set roles). */
export async function requirePageAccountWithAnyRole(...roles: [Role, ...Role[]]): Promise<SessionAccount> {
  const account = await requirePageAccount();
  if (!roles.some((role) => hasRole(account, role))) forbidden();
  return account;
}

export type ActionAuthorization = { ok: true; account: SessionAccount; actor: Actor } | { ok: false; status: 401 | 403; error: string };

/**
 * For server actions and route handlers: a hidden button is not a permission check, so every
 * one of them calls this before doing anything. Any one of the given roles lets the caller in;
 * with no role, any signed-in person may (their own account). Administrators holding a one-time
 * password must change it before any administrative action.
 */
export async function authorize(...roles: Role[]): Promise<ActionAuthorization> {
  const account = await currentAccount();
  if (!account) return { ok: false, status: 401, error: "You are signed out. Sign in again." };
  if (roles.length === 0) return { ok: true, account, actor: actorOf(account) };
  if (!roles.some((role) => hasRole(account, role))) {
    const names = roles.map((role) => (role === "sysadmin" ? "sysadmins" : "People administrators"));
    return { ok: false, status: 403, error: `Only ${names.join(" and ")} may do this.` };
  }
  if (account.mustChangePassword) {
    return { ok: false, status: 403, error: "Change your one-time password first (My account)." };
  }
  return { ok: true, account, actor: actorOf(account) };
}
