"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { changeOwnPassword } from "@/lib/accounts/change-own-password";
import { signOutEverywhere } from "@/lib/accounts/sessions";
import { signOut } from "@/lib/auth/auth";
import { changePasswordFormSchema } from "./schemas";

// My account: every signed-in person, whatever their roles (including a one-time password holder).

export const changePasswordAction = defineFormAction({
  access: "signed-in",
  input: changePasswordFormSchema,
  run: async ({ input, account }) => {
    const { endedSessions } = await changeOwnPassword({
      accountId: account.id,
      sessionId: account.sessionId,
      currentPassword: input.currentPassword,
      newPassword: input.newPassword,
    });
    if (account.mustChangePassword) redirect("/?password=changed");
    const others = endedSessions ? ` ${endedSessions} other session${endedSessions === 1 ? "" : "s"} signed out.` : "";
    return success(`Your password is changed.${others}`);
  },
});

export const signOutEverywhereAction = defineAction({
  access: "signed-in",
  input: z.unknown(),
  run: async ({ account }) => {
    await signOutEverywhere(account.id);
    await signOut({ redirectTo: "/login" });
    return success("Signed out everywhere.");
  },
});
