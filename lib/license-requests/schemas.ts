import { z } from "zod";

export const licenseRequestInputSchema = z.object({
  pool: z.enum(["PRIMARY", "EXTRANET"], "Choose the primary area or the extranets."),
  seats: z.coerce
    .number("Enter a number of seats.")
    .int("Enter a whole number of seats.")
    .min(1, "Ask for at least 1 seat.")
    .max(1_000_000, "At most 1,000,000 seats."),
  reason: z.string().trim().min(3, "Say briefly why the seats are needed.").max(2000, "At most 2,000 characters."),
  contactName: z.string().trim().min(1, "Enter a contact name.").max(200, "At most 200 characters."),
  contactEmail: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid e-mail address.")),
});

export type LicenseRequestInput = z.input<typeof licenseRequestInputSchema>;
