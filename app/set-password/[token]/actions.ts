"use server";

import { redirect } from "next/navigation";
import { setPasswordWithLink } from "@/lib/accounts/reset-password";
import { formErrors, licensingErrorResult, type ActionResult } from "@/app/admin/action-result";
import { setPasswordWithLinkFormSchema } from "@/app/account/schemas";

// Open to anyone holding the link: the single-use token in it is the credential (lib/accounts
// checks it, its expiry and that it was not used, and stores only its hash).
export async function setPasswordWithLinkAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = setPasswordWithLinkFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    await setPasswordWithLink({ token: parsed.data.token, newPassword: parsed.data.newPassword });
  } catch (error) {
    return licensingErrorResult(error);
  }
  redirect("/login?password=set");
}
