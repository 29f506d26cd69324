"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction, defineFormAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
import { kickGroupAreasJob } from "@/lib/directory-groups/group-areas-job";
import type { GroupAreaOutcome } from "@/lib/directory-groups/group-areas";
import { addGroupMapping, groupMappingSchema, moveGroupMapping, removeGroupMapping } from "@/lib/directory-groups/mappings";
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

/** What a mapping change did to people, in words. */
function movedSentence({ moved, waiting, refused }: GroupAreaOutcome): string {
  const parts = [];
  if (moved) parts.push(`${moved} ${moved === 1 ? "person" : "people"} moved`);
  if (waiting) parts.push(`${waiting} moved and waiting for a seat`);
  if (refused.length) parts.push(`${refused.length} not moved: ${refused[0]}`);
  return parts.length ? ` ${parts.join("; ")}.` : " Nobody had to move.";
}

export const addGroupMappingAction = defineFormAction({
  access: "sysadmin",
  input: groupMappingSchema,
  run: async ({ input, actor }) => {
    const added = await addGroupMapping({ actor, ...input });
    kickGroupAreasJob(); // the re-check of every group-decided area, for anything the change left undone
    revalidatePath("/admin/system/directory");
    return success(`Members of "${added.groupName}" now live in "${added.areaName}".${movedSentence(added.outcome)}`);
  },
});

export const removeGroupMappingAction = defineAction({
  access: "sysadmin",
  input: z.object({ id: z.uuid("That mapping does not exist.") }),
  run: async ({ input, actor }) => {
    const removed = await removeGroupMapping({ actor, id: input.id });
    kickGroupAreasJob();
    revalidatePath("/admin/system/directory");
    return removed
      ? success(`Mapping removed; its members stay where they are unless another mapped group decides.${movedSentence(removed.outcome)}`)
      : failure("That mapping does not exist any more.");
  },
});

export const moveGroupMappingAction = defineAction({
  access: "sysadmin",
  input: z.object({ id: z.uuid("That mapping does not exist."), direction: z.enum(["up", "down"]) }),
  run: async ({ input, actor }) => {
    const moved = await moveGroupMapping({ actor, id: input.id, direction: input.direction });
    kickGroupAreasJob();
    revalidatePath("/admin/system/directory");
    return moved ? success(`Order changed.${movedSentence(moved.outcome)}`) : failure("That mapping does not exist any more.");
  },
});
