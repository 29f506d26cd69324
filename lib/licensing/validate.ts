import type { z } from "zod";
import { InvalidInputError, type FieldErrors } from "./errors";

/** Parses domain input with its zod schema, turning failures into a per-field InvalidInputError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? issue.path.join(".") : "input";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  throw new InvalidInputError(fieldErrors);
}
