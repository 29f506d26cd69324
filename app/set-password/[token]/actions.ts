"use server";

import { redirect } from "next/navigation";
import { defineFormAction } from "@/lib/actions/define-action";
import { setPasswordWithLink } from "@/lib/accounts/reset-password";
import { setPasswordWithLinkFormSchema } from "@/app/account/schemas";

// Open to anyone holding the link: the single-use token in it is the credential (lib/accounts
// checks it, its expiry and that it was not used, and stores only its hash).
export const setPasswordWithLinkAction = defineFormAction({
  access: "public",
  input: setPasswordWithLinkFormSchema,
  run: async ({ input }) => {
    await setPasswordWithLink({ token: input.token, newPassword: input.newPassword });
    redirect("/login?password=set");
  },
});
