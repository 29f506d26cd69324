"use server";

import { revalidatePath } from "next/cache";
import { defineFormAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { createExtranetArea, deleteArea, renameArea } from "@/lib/areas/manage-areas";
import { createAreaFormSchema, deleteAreaFormSchema, renameAreaFormSchema } from "./schemas";

function refreshAreaScreens() {
  revalidatePath("/admin/people/areas");
  revalidatePath("/admin/people");
}

export const createAreaAction = defineFormAction({
  access: "peopleAdmin",
  input: createAreaFormSchema,
  run: async ({ input, actor }) => {
    const area = await createExtranetArea({ actor, name: input.name });
    refreshAreaScreens();
    return success(`Extranet area "${area.name}" created. Its accounts use the extranet pool (Max_extranet_users).`);
  },
});

export const renameAreaAction = defineFormAction({
  access: "peopleAdmin",
  input: renameAreaFormSchema,
  run: async ({ input, actor }) => {
    const { area, changed } = await renameArea({ actor, areaId: input.areaId, name: input.name });
    refreshAreaScreens();
    return success(changed ? `Renamed to "${area.name}".` : "The name is unchanged.");
  },
});

export const deleteAreaAction = defineFormAction({
  access: "peopleAdmin",
  input: deleteAreaFormSchema,
  run: async ({ input, actor }) => {
    const area = await deleteArea({ actor, areaId: input.areaId });
    refreshAreaScreens();
    return success(`Area "${area.name}" deleted.`);
  },
});
