"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { failure, success } from "@/lib/actions/result";
import { applyLicenseDocument, LicenseRejectedError, previewLicenseDocument, type LicenseChange } from "@/lib/licensing";
import { kickMailDelivery } from "@/lib/mail/worker";

// The only input is the license document itself: the limits come out of the vendor-signed
// file, so no request can raise them by sending numbers.
const documentSchema = z.object({
  document: z.string().trim().min(1, "Paste the license or choose its file.").max(16_384, "This is far larger than a license file."),
});

export type LicensePreview = { document: string; changes: LicenseChange[]; warnings: string[] };

export const previewLicenseAction = defineAction({
  access: "sysadmin",
  input: documentSchema,
  run: async ({ input }) => {
    const preview = await previewLicenseDocument({ document: input.document });
    if (!preview.ok) return failure(`This license cannot be applied: ${preview.message}`);
    const result: LicensePreview = { document: input.document, changes: preview.changes, warnings: preview.warnings };
    return success("Check the changes below, then apply.", result);
  },
});

export const applyLicenseAction = defineAction({
  access: "sysadmin",
  input: documentSchema,
  run: async ({ input, actor }) => {
    try {
      const license = await applyLicenseDocument({ actor, document: input.document });
      revalidatePath("/admin", "layout");
      kickMailDelivery();
      return success(
        `License ${license.licenseId} is now in force: Max_Users ${license.maxUsers}, Max_extranet_users ${license.maxExtranetUsers}.`,
      );
    } catch (error) {
      if (error instanceof LicenseRejectedError) return failure(`This license cannot be applied: ${error.message}`);
      throw error;
    }
  },
});
