import { z } from "zod";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a user name.")
  .max(100, "At most 100 characters.")
  .regex(/^[a-z0-9][a-z0-9._@+-]*$/, "Use letters, digits and . _ @ + - only, starting with a letter or digit.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "At most 254 characters.")
  .pipe(z.email("Enter a valid e-mail address."));

/** Text people type: control characters (NUL above all, which PostgreSQL refuses) are never meant. */
export const PRINTABLE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
export const PRINTABLE_MESSAGE = "Use printable characters only.";

const nameSchema = (what: string) =>
  z.string().trim().min(1, `Enter the ${what}.`).max(100, "At most 100 characters.").regex(PRINTABLE, PRINTABLE_MESSAGE);

export const passwordSchema = z.string().min(10, "At least 10 characters.").max(200, "At most 200 characters.");

export const accountIdSchema = z.uuid("Not a valid account id.");

/** The fields of a new account, whichever way it comes (form, import, directory, seed). */
export const newAccountSchema = z.object({
  username: usernameSchema,
  email: emailSchema,
  givenName: nameSchema("first name"),
  familyName: nameSchema("last name"),
  areaId: z.uuid("Choose an area."),
  password: passwordSchema.optional(),
  isSysadmin: z.boolean().default(false),
  isPeopleAdmin: z.boolean().default(false),
  externalId: z.string().trim().min(1).max(200).regex(PRINTABLE, PRINTABLE_MESSAGE).optional(),
  /** A directory's display name (SCIM displayName); absent shows the first and last name. */
  displayName: z.string().trim().min(1).max(200, "At most 200 characters.").regex(PRINTABLE, PRINTABLE_MESSAGE).nullable().optional(),
});

export type NewAccountInput = z.input<typeof newAccountSchema>;
export type NewAccount = z.output<typeof newAccountSchema>;
