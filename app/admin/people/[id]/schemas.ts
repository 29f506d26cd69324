import { z } from "zod";
import { newAccountSchema } from "@/lib/licensing/schemas";

// Inputs of the account page's actions. Profile fields reuse the licensing schema, so an edit
// is checked exactly like a creation.

const accountId = z.uuid("Not a valid account id.");

export const updateProfileFormSchema = newAccountSchema
  .pick({ username: true, email: true, givenName: true, familyName: true })
  .extend({ accountId });

export const moveAccountFormSchema = z.object({ accountId, areaId: z.uuid("Choose an area.") });

export const accountIdFormSchema = z.object({ accountId });

/** Checkboxes: present ("on") when ticked, absent when not. */
export const changeRolesFormSchema = z.object({
  accountId,
  sysadmin: z.literal("on").optional().transform(Boolean),
  peopleAdmin: z.literal("on").optional().transform(Boolean),
});
