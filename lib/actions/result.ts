// The one answer of every server action, for every screen. Types and pure helpers only: client
// components import this file to read results.

export type FieldErrors = Record<string, string[]>;

export type Success<T = undefined> = { ok: true; message: string; data: T };

export type Failure = {
  ok: false;
  /** One sentence for the person: what is wrong, and what to do. */
  error: string;
  /** Messages to show beside their form fields, by field name. */
  fieldErrors?: FieldErrors;
  /** Where the person can fix it (e.g. the accounts still in an area). */
  link?: { href: string; label: string };
  /**
   * The text a form sent, secrets left out, so it can be shown again: React resets a form after
   * its action returns, and a refused form should not make anyone type everything again.
   */
  values?: Record<string, string>;
};

export type Result<T = undefined> = Success<T> | Failure;

export function success(message: string): Success;
export function success<T>(message: string, data: T): Success<T>;
export function success<T>(message: string, data?: T): Success<T | undefined> {
  return { ok: true, message, data };
}

export function failure(error: string, more: Omit<Failure, "ok" | "error"> = {}): Failure {
  return { ok: false, error, ...more };
}

/** A zod failure as per-field messages beside their fields. */
export function invalidFields(error: { issues: { path: PropertyKey[]; message: string }[] }): Failure {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return failure("Check the highlighted fields.", { fieldErrors });
}

/** The value a refused form sent for a field, to show it again (undefined before any answer). */
export function sentValue(result: Result<unknown> | null | undefined, name: string): string | undefined {
  return result && !result.ok ? result.values?.[name] : undefined;
}

/** The messages for one field of a refused form. */
export function fieldErrorsOf(result: Result<unknown> | null | undefined): FieldErrors {
  return result && !result.ok ? (result.fieldErrors ?? {}) : {};
}
