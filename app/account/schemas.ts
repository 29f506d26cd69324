import { z } from "zod";

// Inputs of the password forms; the rules a new password must follow live in lib/accounts.

const newPasswordPair = z.object({
  newPassword: z.string("Enter a new password.").min(1, "Enter a new password.").max(1000),
  confirmPassword: z.string("Type the new password again."),
});

const sameNewPasswords = { path: ["confirmPassword"], message: "The two new passwords differ." };

export const changePasswordFormSchema = newPasswordPair
  .extend({ currentPassword: z.string("Enter your current password.").min(1, "Enter your current password.").max(200) })
  .refine((v) => v.newPassword === v.confirmPassword, sameNewPasswords);

export const setPasswordWithLinkFormSchema = newPasswordPair
  .extend({ token: z.string().max(100) })
  .refine((v) => v.newPassword === v.confirmPassword, sameNewPasswords);
