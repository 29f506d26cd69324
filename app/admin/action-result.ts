import { PasswordRefusedError } from "@/lib/accounts/errors";
import {
  AccountNotFoundError,
  AreaNotEmptyError,
  AreaNotFoundError,
  DuplicateAccountError,
  InvalidInputError,
  LicensingError,
} from "@/lib/licensing/errors";

/** What every server action answers: typed, so forms can place each message. */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]>; link?: { href: string; label: string } };

/** A zod failure as per-field messages beside their fields. */
export function formErrors(error: { issues: { path: PropertyKey[]; message: string }[] }): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return { ok: false, error: "Check the highlighted fields.", fieldErrors };
}

/** Words a licensing refusal for a form: field problems beside their field, the rest above it. */
export function licensingErrorResult(error: unknown): ActionResult<never> {
  if (error instanceof InvalidInputError) return { ok: false, error: "Check the highlighted fields.", fieldErrors: error.fieldErrors };
  if (error instanceof DuplicateAccountError) {
    return { ok: false, error: error.message, fieldErrors: { [error.field]: [error.message] } };
  }
  if (error instanceof AreaNotFoundError) return { ok: false, error: error.message, fieldErrors: { areaId: ["Choose an existing area."] } };
  if (error instanceof PasswordRefusedError) return { ok: false, error: error.message, fieldErrors: { [error.field]: [error.message] } };
  if (error instanceof AreaNotEmptyError) {
    return {
      ok: false,
      error: error.message,
      link: {
        href: `/admin/people?area=${error.areaId}`,
        label: `See the ${error.accountCount} account${error.accountCount === 1 ? "" : "s"} in ${error.areaName}`,
      },
    };
  }
  if (error instanceof AccountNotFoundError || error instanceof LicensingError) return { ok: false, error: error.message };
  throw error;
}
