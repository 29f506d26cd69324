"use server";

import { revalidatePath } from "next/cache";
import { defineFormAction } from "@/lib/actions/define-action";
import { success } from "@/lib/actions/result";
import { raiseLicenseRequest } from "@/lib/license-requests/raise-license-request";
import { licenseRequestInputSchema } from "@/lib/license-requests/schemas";
import { kickLicenseRequestDelivery } from "@/lib/license-requests/worker";
import { DELIVERY_CHANNEL_LABEL } from "@/lib/vocabulary";

export const raiseLicenseRequestAction = defineFormAction({
  access: ["peopleAdmin", "sysadmin"],
  input: licenseRequestInputSchema,
  run: async ({ input, actor }) => {
    const request = await raiseLicenseRequest({ actor, input });
    kickLicenseRequestDelivery();
    revalidatePath("/admin/people");
    revalidatePath("/admin/system/license");
    const channels = request.deliveries.map((d) => DELIVERY_CHANNEL_LABEL[d.channel]).join(" and ");
    return success(
      request.deliveries.length
        ? `Request for ${request.seats} seats saved and being sent to the vendor (${channels}).`
        : `Request for ${request.seats} seats saved. It was not sent anywhere yet: no LICENSE_REQUEST_URL or LICENSE_REQUEST_EMAIL is configured. Send it to your vendor yourself.`,
    );
  },
});
