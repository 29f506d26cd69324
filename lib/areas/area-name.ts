import { z } from "zod";

/** An area's name as People administrators type it; unique on the site, case-insensitively. */
export const areaNameSchema = z
  .string("Enter a name.")
  .trim()
  .min(1, "Enter a name.")
  .max(60, "At most 60 characters.")
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, "Use printable characters only.");

/** The key names are compared by: "Partners" and " partners" are the same area. */
export function areaNameKey(name: string): string {
  return name.trim().toLowerCase();
}
