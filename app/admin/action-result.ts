import {
  AccountNotFoundError,
  AreaNotFoundError,
  DuplicateAccountError,
  InvalidInputError,
  LicensingError,
} from "@/lib/licensing/errors";

/** What every People server action answers: typed, so forms can place each message. */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** Words a licensing refusal for a form: field problems beside their field, the rest above it. */
export function licensingErrorResult(error: unknown): ActionResult<never> {
  if (error instanceof InvalidInputError) return { ok: false, error: "Check the highlighted fields.", fieldErrors: error.fieldErrors };
  if (error instanceof DuplicateAccountError) {
    return { ok: false, error: error.message, fieldErrors: { [error.field]: [error.message] } };
  }
  if (error instanceof AreaNotFoundError) return { ok: false, error: error.message, fieldErrors: { areaId: ["Choose an existing area."] } };
  if (error instanceof AccountNotFoundError || error instanceof LicensingError) return { ok: false, error: error.message };
  throw error;
}
