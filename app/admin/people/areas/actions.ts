"use server";

import { revalidatePath } from "next/cache";
import { createExtranetArea, deleteArea, renameArea } from "@/lib/areas/manage-areas";
import { authorize } from "@/lib/auth/guards";
import { formErrors, licensingErrorResult, type ActionResult } from "@/app/admin/action-result";
import { createAreaFormSchema, deleteAreaFormSchema, renameAreaFormSchema } from "./schemas";

function refreshAreaScreens() {
  revalidatePath("/admin/people/areas");
  revalidatePath("/admin/people");
}

export async function createAreaAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = createAreaFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const area = await createExtranetArea({ actor: auth.actor, name: parsed.data.name });
    refreshAreaScreens();
    return { ok: true, message: `Extranet area "${area.name}" created. Its accounts use the extranet pool (Max_extranet_users).` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function renameAreaAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = renameAreaFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const { area, changed } = await renameArea({ actor: auth.actor, areaId: parsed.data.areaId, name: parsed.data.name });
    refreshAreaScreens();
    return { ok: true, message: changed ? `Renamed to "${area.name}".` : "The name is unchanged." };
  } catch (error) {
    return licensingErrorResult(error);
  }
}

export async function deleteAreaAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = deleteAreaFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formErrors(parsed.error);
  try {
    const area = await deleteArea({ actor: auth.actor, areaId: parsed.data.areaId });
    refreshAreaScreens();
    return { ok: true, message: `Area "${area.name}" deleted.` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}
