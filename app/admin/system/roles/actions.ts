"use server";

import { revalidatePath } from "next/cache";
import { defineFormAction } from "@/lib/actions/define-action";
import { failureOfError } from "@/lib/actions/failure-of-error";
import { success } from "@/lib/actions/result";
import { ROLE_LABEL, setRole } from "@/lib/accounts/change-roles";
import { AccountNotFoundError } from "@/lib/licensing/errors";
import { appointFormSchema, revokeFormSchema } from "./schemas";

export const appointAction = defineFormAction({
  access: "sysadmin",
  input: appointFormSchema,
  run: async ({ input, actor, account: caller }) => {
    try {
      const { account, changed } = await setRole({
        actor,
        sessionId: caller.sessionId,
        username: input.username,
        role: input.role,
        granted: true,
      });
      revalidatePath("/admin/system/roles");
      const role = ROLE_LABEL[input.role];
      return success(changed ? `${account.username} is now a ${role}.` : `${account.username} is a ${role} already.`);
    } catch (error) {
      // An unknown user name is the field's problem: say so beside it.
      if (!(error instanceof AccountNotFoundError)) throw error;
      const refused = failureOfError(error);
      return { ...refused, fieldErrors: { username: [refused.error] } };
    }
  },
});

export const revokeAction = defineFormAction({
  access: "sysadmin",
  input: revokeFormSchema,
  run: async ({ input, actor, account: caller }) => {
    const { account } = await setRole({ actor, sessionId: caller.sessionId, accountId: input.accountId, role: input.role, granted: false });
    revalidatePath("/admin/system/roles");
    return success(`${account.username} is no longer a ${ROLE_LABEL[input.role]}.`);
  },
});
