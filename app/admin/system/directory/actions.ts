"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
import { createScimToken, revokeScimToken, scimTokenNameSchema } from "@/lib/scim/tokens";

export const createScimTokenAction = defineFormAction({
  access: "sysadmin",
  input: z.object({ name: scimTokenNameSchema }),
  run: async ({ input, actor }) => {
    const created = await createScimToken({ actor, name: input.name });
    revalidatePath("/admin/system/directory");
    return success(`Token "${created.name}" created. Copy it now: it is not shown again.`, { token: created.token });
  },
});

export const revokeScimTokenAction = defineAction({
  access: "sysadmin",
  input: z.object({ id: z.uuid("That token does not exist.") }),
  run: async ({ input, actor }) => {
    const revoked = await revokeScimToken({ actor, id: input.id });
    revalidatePath("/admin/system/directory");
    return revoked
      ? success("Token revoked: the directory can no longer use it.")
      : failure("That token does not exist or is already revoked.");
  },
});
