import { z } from "zod";

const role = z.enum(["sysadmin", "peopleAdmin"], "Choose a role.");

export const appointFormSchema = z.object({
  username: z.string("Enter a user name.").trim().min(1, "Enter a user name.").max(100, "At most 100 characters."),
  role,
});

export const revokeFormSchema = z.object({ accountId: z.uuid("Not a valid account id."), role });
