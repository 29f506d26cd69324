"use server";

import { revalidatePath } from "next/cache";
import { defineFormAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { siteSettingsSchema, updateSiteSettings } from "@/lib/licensing/site-settings";

export const updateSettingsAction = defineFormAction({
  access: "sysadmin",
  input: siteSettingsSchema,
  run: async ({ input, actor }) => {
    const settings = await updateSiteSettings({ actor, settings: input });
    revalidatePath("/admin/system/settings");
    return success(
      `Saved: People administrators are warned at ${settings.nearFullThresholdPct}% of a pool, and ${settings.forecastWarningDays} days before a pool is forecast to be full; audit events are ${settings.auditRetentionDays ? `kept for ${settings.auditRetentionDays} days` : "all kept"}.`,
    );
  },
});
