import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Actor } from "../licensing/actor";
import { auth } from "./auth";
import { loadSessionAccount, type SessionAccount } from "./credentials";

export type Role = "sysadmin" | "peopleAdmin";

export function hasRole(account: SessionAccount, role: Role): boolean {
  return role === "sysadmin" ? account.isSysadmin : account.isPeopleAdmin;
}

export function actorOf(account: SessionAccount): Actor {
  return { id: account.id, label: account.username };
}

/** The signed-in, still active account, or null. Checked against the database on every call. */
export async function currentAccount(): Promise<SessionAccount | null> {
  const session = await auth();
  return loadSessionAccount(session?.user?.id);
}

/** For pages: signed-out visitors go to sign-in; signed-in ones without the role get a 403. */
export async function requirePageAccount(role?: Role): Promise<SessionAccount> {
  const account = await currentAccount();
  if (!account) redirect("/login");
  if (role && !hasRole(account, role)) forbidden();
  return account;
}

export type ActionAuthorization =
  | { ok: true; account: SessionAccount; actor: Actor }
  | { ok: false; status: 401 | 403; error: string };

/**
 * For server actions and route handlers: a hidden button is not a permission check, so every
 * one of them calls this before doing anything. Any one of the given roles lets the caller in.
 */
export async function authorize(...roles: [Role, ...Role[]]): Promise<ActionAuthorization> {
  const account = await currentAccount();
  if (!account) return { ok: false, status: 401, error: "You are signed out. Sign in again." };
  if (!roles.some((role) => hasRole(account, role))) {
    const names = roles.map((role) => (role === "sysadmin" ? "sysadmins" : "People administrators"));
    return { ok: false, status: 403, error: `Only ${names.join(" and ")} may do this.` };
  }
  return { ok: true, account, actor: actorOf(account) };
}
