"use server";

import { revalidatePath } from "next/cache";
import { authorize } from "@/lib/auth/guards";
import { updateSiteSettings } from "@/lib/licensing";
import { licensingErrorResult, type ActionResult } from "@/app/admin/action-result";

export async function updateSettingsAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  try {
    const settings = await updateSiteSettings({
      actor: auth.actor,
      settings: { nearFullThresholdPct: formData.get("nearFullThresholdPct") },
    });
    revalidatePath("/admin/system/settings");
    return { ok: true, message: `Saved: People administrators are warned at ${settings.nearFullThresholdPct}% of a pool.` };
  } catch (error) {
    return licensingErrorResult(error);
  }
}
