"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { changeRoles } from "@/lib/accounts/change-roles";
import { sendPasswordLink, setOneTimePassword } from "@/lib/accounts/reset-password";
import { authorize } from "@/lib/auth/guards";
import { publicOrigin } from "@/lib/server/public-origin";
import { moveAccount, updateAccountProfile } from "@/lib/licensing";
import { kickMailDelivery } from "@/lib/mail/worker";
import { formErrors, licensingErrorResult, type ActionResult } from "@/app/admin/action-result";
import { accountIdFormSchema, changeRolesFormSchema, moveAccountFormSchema, updateProfileFormSchema } from "./schemas";
import { utcMinute } from "@/lib/format/utc";

// One account's page. Thin: parse, check the role, one lib call (which applies the guard rails), word it.

function refreshAccount(accountId: string) {
  revalidatePath(`/admin/people/${accountId}`);
  revalidatePath("/admin/people");
}

export async function updateProfileAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = updateProfileFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  const { accountId, ...profile } = parsed.data;
  try {
    const { changed } = await updateAccountProfile({ actor: auth.actor, accountId, profile });
    refreshAccount(accountId);
    return { ok: true, message: changed ? "Profile saved." : "Nothing changed." };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function moveAccountAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = moveAccountFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { account, changed } = await moveAccount({ actor: auth.actor, ...parsed.data });
    refreshAccount(account.id);
    kickMailDelivery(); // taking the last seat of a pool may have queued "pool is full" mail
    return { ok: true, message: changed ? `Moved to ${account.area.name}.` : `Already in ${account.area.name}.` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function changeRolesAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = changeRolesFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { account, changed } = await changeRoles({ actor: auth.actor, sessionId: auth.account.sessionId, ...parsed.data });
    refreshAccount(account.id);
    revalidatePath("/admin/system/roles");
    if (!changed) return { ok: true, message: "Roles unchanged." };
    return { ok: true, message: `Roles of ${account.username} saved; their open sessions were signed out so the change applies at once.` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function setOneTimePasswordAction(
  _previous: ActionResult<{ password: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ password: string }>> {
  const auth = await authorize("peopleAdmin", "sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = accountIdFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { username, password } = await setOneTimePassword({ actor: auth.actor, accountId: parsed.data.accountId });
    refreshAccount(parsed.data.accountId);
    return {
      ok: true,
      message: `One-time password for ${username} (shown once; ${username} must change it at the next sign-in):`,
      data: { password },
    };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function sendPasswordLinkAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin", "sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = accountIdFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const baseUrl = publicOrigin(await headers()) ?? "http://localhost";
    const { email, expiresAt } = await sendPasswordLink({ actor: auth.actor, accountId: parsed.data.accountId, baseUrl });
    kickMailDelivery();
    refreshAccount(parsed.data.accountId);
    return {
      ok: true,
      message: `A single-use link was e-mailed to ${email}; it works until ${utcMinute(expiresAt)}.`,
    };
  } catch (error) {
    return licensingErrorResult(error);
  }
}
