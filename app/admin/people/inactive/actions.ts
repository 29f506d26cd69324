"use server";

import { revalidatePath } from "next/cache";
import { defineFormAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { inactivityPolicySchema, setInactivityPolicy } from "@/lib/licensing/inactivity-policy";
import { POOL_TITLE } from "@/lib/vocabulary";

export const setInactivityPolicyAction = defineFormAction({
  access: ["peopleAdmin", "sysadmin"],
  input: inactivityPolicySchema,
  run: async ({ input, actor }) => {
    const policy = await setInactivityPolicy({ actor, policy: input });
    revalidatePath("/admin/people/inactive");
    return success(
      policy.enabled
        ? `Saved: in the ${POOL_TITLE[policy.pool]}, accounts inactive for ${policy.days} days are blocked by the daily run.`
        : `Saved: the ${POOL_TITLE[policy.pool]} policy is off.`,
    );
  },
});
