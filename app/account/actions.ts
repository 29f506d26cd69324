"use server";

import { redirect } from "next/navigation";
import { changeOwnPassword } from "@/lib/accounts/change-own-password";
import { signOutEverywhere } from "@/lib/accounts/sessions";
import { signOut } from "@/lib/auth/auth";
import { authorize } from "@/lib/auth/guards";
import { formErrors, licensingErrorResult, type ActionResult } from "@/app/admin/action-result";
import { changePasswordFormSchema } from "./schemas";

// My account: every signed-in person, whatever their roles (including a one-time password holder).

export async function changePasswordAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize();
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = changePasswordFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { endedSessions } = await changeOwnPassword({
      accountId: auth.account.id,
      sessionId: auth.account.sessionId,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.newPassword,
    });
    if (auth.account.mustChangePassword) redirect("/?password=changed");
    const others = endedSessions ? ` ${endedSessions} other session${endedSessions === 1 ? "" : "s"} signed out.` : "";
    return { ok: true, message: `Your password is changed.${others}` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function signOutEverywhereAction(): Promise<ActionResult> {
  const auth = await authorize();
  if (!auth.ok) return { ok: false, error: auth.error };
  await signOutEverywhere(auth.account.id);
  await signOut({ redirectTo: "/login" });
  return { ok: true, message: "Signed out everywhere." };
}
