"use server";

import { revalidatePath } from "next/cache";
import { ROLE_LABEL, setRole } from "@/lib/accounts/change-roles";
import { authorize } from "@/lib/auth/guards";
import { formErrors, licensingErrorResult, type ActionResult } from "@/app/admin/action-result";
import { appointFormSchema, revokeFormSchema } from "./schemas";

export async function appointAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = appointFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { account, changed } = await setRole({
      actor: auth.actor,
      sessionId: auth.account.sessionId,
      username: parsed.data.username,
      role: parsed.data.role,
      granted: true,
    });
    revalidatePath("/admin/system/roles");
    const role = ROLE_LABEL[parsed.data.role];
    return { ok: true, message: changed ? `${account.username} is now a ${role}.` : `${account.username} is a ${role} already.` };
  } catch (error) {
    const result = licensingErrorResult(error);
    return !result.ok && /^No account with user name/.test(result.error)
      ? { ...result, fieldErrors: { username: [result.error] } }
      : result;
  }
}

export async function revokeAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = revokeFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { account } = await setRole({
      actor: auth.actor,
      sessionId: auth.account.sessionId,
      accountId: parsed.data.accountId,
      role: parsed.data.role,
      granted: false,
    });
    revalidatePath("/admin/system/roles");
    return { ok: true, message: `${account.username} is no longer a ${ROLE_LABEL[parsed.data.role]}.` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}
