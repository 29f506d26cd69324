import { z } from "zod";
import { accountIdSchema, newAccountSchema } from "@/lib/licensing/schemas";

// Inputs of the People server actions. Account fields reuse the licensing schema, so the form
// and the domain can never disagree on what a valid account is.

const optionalText = (schema: z.ZodType<string | undefined>) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

export const createAccountFormSchema = newAccountSchema
  .pick({ username: true, email: true, givenName: true, familyName: true, areaId: true })
  .extend({ password: optionalText(newAccountSchema.shape.password) });

export const MAX_BULK = 500;

export const accountIdsSchema = z.object({
  ids: z
    .array(accountIdSchema)
    .min(1, "Select at least one account.")
    .max(MAX_BULK, `At most ${MAX_BULK} accounts at a time.`)
    .transform((ids) => [...new Set(ids)]),
});

export const deleteAccountsSchema = accountIdsSchema.extend({
  confirmation: z.string().trim().max(200),
});

export const markNotificationsReadSchema = z.object({ ids: z.array(z.uuid()).max(200).optional() });
