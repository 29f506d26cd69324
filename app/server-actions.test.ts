import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SessionAccount } from "@/lib/auth/guards";

// Every server action is reachable by anyone who can post to the site, hidden button or not. So
// each exported action is called here as every kind of caller it must refuse: signed out, an
// ordinary person, a person with the other role, and an administrator who still holds a one-time
// password. Each must answer a refusal (never do the work, never throw).

const caller = vi.hoisted(() => ({ account: null as null | Omit<SessionAccount, "sessionId"> }));
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => (caller.account ? { user: { id: caller.account.id }, sessionId: "00000000-0000-4000-8000-000000000001" } : null),
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: {},
}));
// The sign-in action names Auth.js's error classes; the library itself is not needed here.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {}, CredentialsSignin: class CredentialsSignin extends Error {} }));
vi.mock("@/lib/accounts/sessions", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/accounts/sessions")>()),
  loadLiveSession: async () => (caller.account ? { sessionId: "00000000-0000-4000-8000-000000000001", account: caller.account } : null),
}));

type Who = "sysadmin" | "peopleAdmin";
/** Who may call each action: one or both roles, "signed-in" (My account) or "public". */
const ALLOWED: Record<string, Who[] | "signed-in" | "public"> = {
  createAccountAction: ["peopleAdmin"],
  blockAccountsAction: ["peopleAdmin"],
  unblockAccountsAction: ["peopleAdmin"],
  deleteAccountsAction: ["peopleAdmin"],
  markNotificationsReadAction: ["peopleAdmin"],
  previewImportAction: ["peopleAdmin"],
  applyImportAction: ["peopleAdmin"],
  raiseLicenseRequestAction: ["peopleAdmin", "sysadmin"],
  updateSettingsAction: ["sysadmin"],
  previewLicenseAction: ["sysadmin"],
  applyLicenseAction: ["sysadmin"],
  createScimTokenAction: ["sysadmin"],
  revokeScimTokenAction: ["sysadmin"],
  addGroupMappingAction: ["sysadmin"],
  removeGroupMappingAction: ["sysadmin"],
  moveGroupMappingAction: ["sysadmin"],
  saveLdapSettingsAction: ["sysadmin"],
  testLdapConnectionAction: ["sysadmin"],
  previewLdapSyncAction: ["sysadmin"],
  runLdapSyncAction: ["sysadmin"],
  createAreaAction: ["peopleAdmin"],
  renameAreaAction: ["peopleAdmin"],
  deleteAreaAction: ["peopleAdmin"],
  updateProfileAction: ["peopleAdmin"],
  moveAccountAction: ["peopleAdmin"],
  changeRolesAction: ["sysadmin"],
  setOneTimePasswordAction: ["peopleAdmin", "sysadmin"],
  sendPasswordLinkAction: ["peopleAdmin", "sysadmin"],
  appointAction: ["sysadmin"],
  revokeAction: ["sysadmin"],
  setInactivityPolicyAction: ["peopleAdmin", "sysadmin"],
  startBulkJobAction: ["peopleAdmin"],
  cancelBulkJobAction: ["peopleAdmin"],
  changePasswordAction: "signed-in",
  signOutEverywhereAction: "signed-in",
  // Signing in, and setting a password with an e-mailed link (its single-use token is the credential).
  signInAction: "public",
  setPasswordWithLinkAction: "public",
};

function actionFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return actionFiles(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".test.ts") && /^\s*["']use server["']/.test(readFileSync(full, "utf8"))
      ? [full]
      : [];
  });
}

const person = (roles: { sysadmin?: boolean; peopleAdmin?: boolean; mustChangePassword?: boolean }) => ({
  id: "00000000-0000-4000-8000-0000000000aa",
  username: "caller",
  name: "A Caller",
  isSysadmin: Boolean(roles.sysadmin),
  isPeopleAdmin: Boolean(roles.peopleAdmin),
  mustChangePassword: Boolean(roles.mustChangePassword),
});

async function allActions(): Promise<Map<string, (...args: unknown[]) => Promise<unknown>>> {
  const found = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  for (const file of actionFiles(path.resolve("app"))) {
    const exported = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported))
      if (typeof value === "function") found.set(name, value as (...args: unknown[]) => Promise<unknown>);
  }
  return found;
}

beforeEach(() => {
  caller.account = null;
});

it("every exported server action is listed with who may call it", async () => {
  expect([...(await allActions()).keys()].sort()).toEqual(Object.keys(ALLOWED).sort());
});

describe("each action refuses the callers it is not for", () => {
  for (const [name, allowed] of Object.entries(ALLOWED)) {
    if (allowed === "public") continue;
    const refused: [string, ReturnType<typeof person> | null][] = [["signed out", null]];
    if (allowed !== "signed-in") {
      refused.push(["an ordinary person", person({})]);
      if (!allowed.includes("sysadmin")) refused.push(["a sysadmin", person({ sysadmin: true })]);
      if (!allowed.includes("peopleAdmin")) refused.push(["a People administrator", person({ peopleAdmin: true })]);
      refused.push([
        "an administrator holding a one-time password",
        person({ sysadmin: true, peopleAdmin: true, mustChangePassword: true }),
      ]);
    }
    for (const [who, account] of refused) {
      it(`${name}: ${who}`, async () => {
        const action = (await allActions()).get(name)!;
        caller.account = account;
        // Whatever the action's shape (a form's (state, formData) or an input object), the role is
        // checked before the input is read.
        const result = (await action(null, new FormData())) as { ok: boolean; error?: string };
        expect(result.ok).toBe(false);
        expect(result.error).toMatch(/signed out|Only .* may do this|Change your one-time password first/);
      });
    }
  }
});
