"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorize } from "@/lib/auth/guards";
import { applyLicenseDocument, LicenseRejectedError, previewLicenseDocument, type LicenseChange } from "@/lib/licensing";
import { kickMailDelivery } from "@/lib/mail/worker";

// The only input is the license document itself: the limits come out of the vendor-signed
// file, so no request can raise them by sending numbers.
const documentSchema = z.object({
  document: z.string().trim().min(1, "Paste the license or choose its file.").max(16_384, "This is far larger than a license file."),
});

export type PreviewResult = { ok: true; document: string; changes: LicenseChange[]; warnings: string[] } | { ok: false; error: string };

export async function previewLicenseAction(input: { document: string }): Promise<PreviewResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  const preview = await previewLicenseDocument({ document: parsed.data.document });
  if (!preview.ok) return { ok: false, error: `This license cannot be applied: ${preview.message}` };
  return { ok: true, document: parsed.data.document, changes: preview.changes, warnings: preview.warnings };
}

export async function applyLicenseAction(input: {
  document: string;
}): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0].message };
  try {
    const license = await applyLicenseDocument({ actor: auth.actor, document: parsed.data.document });
    revalidatePath("/admin", "layout");
    kickMailDelivery();
    return {
      ok: true,
      message: `License ${license.licenseId} is now in force: Max_Users ${license.maxUsers}, Max_extranet_users ${license.maxExtranetUsers}.`,
    };
  } catch (error) {
    if (error instanceof LicenseRejectedError) return { ok: false, error: `This license cannot be applied: ${error.message}` };
    throw error;
  }
}
