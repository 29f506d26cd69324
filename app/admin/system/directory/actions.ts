"use server";

import { revalidatePath } from "next/cache";
import { authorize } from "@/lib/auth/guards";
import { InvalidInputError } from "@/lib/licensing";
import { createScimToken, revokeScimToken } from "@/lib/scim/tokens";

export type TokenResult = { ok: true; token?: string; message: string } | { ok: false; error: string };

export async function createScimTokenAction(_previous: TokenResult | null, formData: FormData): Promise<TokenResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  try {
    const created = await createScimToken({ actor: auth.actor, name: String(formData.get("name") ?? "") });
    revalidatePath("/admin/system/directory");
    return { ok: true, token: created.token, message: `Token "${created.name}" created. Copy it now: it is not shown again.` };
  } catch (error) {
    if (error instanceof InvalidInputError) return { ok: false, error: Object.values(error.fieldErrors).flat().join(" ") };
    throw error;
  }
}

export async function revokeScimTokenAction(input: { id: string }): Promise<TokenResult> {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return { ok: false, error: auth.error };
  try {
    const revoked = await revokeScimToken({ actor: auth.actor, id: String(input?.id ?? "") });
    revalidatePath("/admin/system/directory");
    return revoked
      ? { ok: true, message: "Token revoked: the directory can no longer use it." }
      : { ok: false, error: "That token does not exist or is already revoked." };
  } catch (error) {
    if (error instanceof InvalidInputError) return { ok: false, error: "That token does not exist." };
    throw error;
  }
}
