"use server";

import { revalidatePath } from "next/cache";
import { authorize } from "@/lib/auth/guards";
import { raiseLicenseRequest } from "@/lib/license-requests/raise-license-request";
import { kickLicenseRequestDelivery } from "@/lib/license-requests/worker";
import { licensingErrorResult, type ActionResult } from "@/app/admin/action-result";

export async function raiseLicenseRequestAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const auth = await authorize("peopleAdmin", "sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  try {
    const request = await raiseLicenseRequest({ actor: auth.actor, input: Object.fromEntries(formData) as never });
    kickLicenseRequestDelivery();
    revalidatePath("/admin/people");
    revalidatePath("/admin/system/license");
    return {
      ok: true,
      message: request.deliveries.length
        ? `Request for ${request.seats} seats saved and being sent to the vendor (${request.deliveries.map((d) => (d.channel === "HTTP" ? "request project" : "e-mail")).join(" and ")}).`
        : `Request for ${request.seats} seats saved. It was not sent anywhere yet: no LICENSE_REQUEST_URL or LICENSE_REQUEST_EMAIL is configured. Send it to your vendor yourself.`,
    };
  } catch (error) {
    return licensingErrorResult(error);
  }
}
