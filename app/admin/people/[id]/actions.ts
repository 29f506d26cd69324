"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { defineFormAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { changeRoles } from "@/lib/accounts/change-roles";
import { sendPasswordLink, setOneTimePassword } from "@/lib/accounts/reset-password";
import { utcMinute } from "@/lib/format/utc";
import { moveAccount, updateAccountProfile } from "@/lib/licensing";
import { kickMailDelivery } from "@/lib/mail/worker";
import { publicOrigin } from "@/lib/server/public-origin";
import { accountIdFormSchema, changeRolesFormSchema, moveAccountFormSchema, updateProfileFormSchema } from "./schemas";

// One account's page: lib applies the guard rails (last administrators, directory-owned fields).

function refreshAccount(accountId: string) {
  revalidatePath(`/admin/people/${accountId}`);
  revalidatePath("/admin/people");
}

export const updateProfileAction = defineFormAction({
  access: "peopleAdmin",
  input: updateProfileFormSchema,
  run: async ({ input: { accountId, ...profile }, actor }) => {
    const { changed } = await updateAccountProfile({ actor, accountId, profile });
    refreshAccount(accountId);
    return success(changed ? "Profile saved." : "Nothing changed.");
  },
});

export const moveAccountAction = defineFormAction({
  access: "peopleAdmin",
  input: moveAccountFormSchema,
  run: async ({ input, actor }) => {
    const { account, changed } = await moveAccount({ actor, ...input });
    refreshAccount(account.id);
    kickMailDelivery(); // taking the last seat of a pool may have queued "pool is full" mail
    return success(changed ? `Moved to ${account.area.name}.` : `Already in ${account.area.name}.`);
  },
});

export const changeRolesAction = defineFormAction({
  access: "sysadmin",
  input: changeRolesFormSchema,
  run: async ({ input, actor, account: caller }) => {
    const { account, changed } = await changeRoles({ actor, sessionId: caller.sessionId, ...input });
    refreshAccount(account.id);
    revalidatePath("/admin/system/roles");
    if (!changed) return success("Roles unchanged.");
    return success(`Roles of ${account.username} saved; their open sessions were signed out so the change applies at once.`);
  },
});

export const setOneTimePasswordAction = defineFormAction({
  access: ["peopleAdmin", "sysadmin"],
  input: accountIdFormSchema,
  run: async ({ input, actor }) => {
    const { username, password } = await setOneTimePassword({ actor, accountId: input.accountId });
    refreshAccount(input.accountId);
    return success(`One-time password for ${username} (shown once; ${username} must change it at the next sign-in):`, { password });
  },
});

export const sendPasswordLinkAction = defineFormAction({
  access: ["peopleAdmin", "sysadmin"],
  input: accountIdFormSchema,
  run: async ({ input, actor }) => {
    const baseUrl = publicOrigin(await headers()) ?? "http://localhost";
    const { email, expiresAt } = await sendPasswordLink({ actor, accountId: input.accountId, baseUrl });
    kickMailDelivery();
    refreshAccount(input.accountId);
    return success(`A single-use link was e-mailed to ${email}; it works until ${utcMinute(expiresAt)}.`);
  },
});
