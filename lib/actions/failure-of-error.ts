import "server-only";
import { PasswordRefusedError } from "@/lib/accounts/errors";
import {
  AccountNotFoundError,
  AreaNotEmptyError,
  AreaNotFoundError,
  DuplicateAccountError,
  InvalidInputError,
  LicensingError,
} from "@/lib/licensing/errors";
import { failure, type Failure } from "./result";

/**
 * Words a refusal from lib for the screen: field problems beside their field, the rest above the
 * form. Anything that is not a refusal (a bug, a lost database, Next's redirect) is thrown on.
 */
export function failureOfError(error: unknown): Failure {
  if (error instanceof InvalidInputError) return failure("Check the highlighted fields.", { fieldErrors: error.fieldErrors });
  if (error instanceof DuplicateAccountError) return failure(error.message, { fieldErrors: { [error.field]: [error.message] } });
  if (error instanceof AreaNotFoundError) return failure(error.message, { fieldErrors: { areaId: ["Choose an existing area."] } });
  if (error instanceof PasswordRefusedError) return failure(error.message, { fieldErrors: { [error.field]: [error.message] } });
  if (error instanceof AreaNotEmptyError) {
    return failure(error.message, {
      link: {
        href: `/admin/people?area=${error.areaId}`,
        label: `See the ${error.accountCount} account${error.accountCount === 1 ? "" : "s"} in ${error.areaName}`,
      },
    });
  }
  if (error instanceof AccountNotFoundError || error instanceof LicensingError) return failure(error.message);
  throw error;
}
