import type { Pool } from "../generated/prisma/enums";
import { POOL_LABEL } from "../vocabulary";

export { POOL_LABEL };

/** Every refusal lib/licensing makes is one of these, so screens and APIs can word it well. */
export abstract class LicensingError extends Error {
  abstract readonly code: string;
}

/** No free seat in the pool the account would take a seat in (spec rules 1, 2 and 3). */
export class SeatLimitError extends LicensingError {
  readonly code = "SEAT_LIMIT";
  constructor(
    readonly pool: Pool,
    readonly limit: number,
    readonly used: number,
  ) {
    const [before, between, after] = SeatLimitError.messageAround(pool);
    super(`${before}${used}${between}${limit}${after}`);
    this.name = "SeatLimitError";
  }

  /** The message's text around the used and limit counts, for a statement that writes it itself. */
  static messageAround(pool: Pool): [string, string, string] {
    return [
      `No free seat in the ${POOL_LABEL[pool]}: `,
      " of ",
      " licenses are in use. Block or delete accounts that are no longer needed, or request more licenses.",
    ];
  }
}

export class AccountNotFoundError extends LicensingError {
  readonly code = "ACCOUNT_NOT_FOUND";
  constructor(readonly accountId: string) {
    super(
      accountId.startsWith("with ") ? `No account ${accountId}.` : `No account with id ${accountId}: it does not exist or was deleted.`,
    );
    this.name = "AccountNotFoundError";
  }
}

export class AreaNotFoundError extends LicensingError {
  readonly code = "AREA_NOT_FOUND";
  constructor(readonly areaId: string) {
    super(`No area with id ${areaId}.`);
    this.name = "AreaNotFoundError";
  }
}

export type AccountField = "username" | "email" | "externalId";
const FIELD_LABEL: Record<AccountField, string> = { username: "user name", email: "e-mail address", externalId: "external id" };

export class DuplicateAccountError extends LicensingError {
  readonly code = "DUPLICATE_ACCOUNT";
  constructor(
    readonly field: AccountField,
    readonly value: string,
  ) {
    super(`An account with this ${FIELD_LABEL[field]} already exists: ${value}.`);
    this.name = "DuplicateAccountError";
  }
}

export type FieldErrors = Record<string, string[]>;

export class InvalidInputError extends LicensingError {
  readonly code = "INVALID_INPUT";
  constructor(readonly fieldErrors: FieldErrors) {
    super(
      "Invalid input: " +
        Object.entries(fieldErrors)
          .map(([field, messages]) => `${field}: ${messages.join(", ")}`)
          .join("; "),
    );
    this.name = "InvalidInputError";
  }
}

/** A license that cannot be put in force (lib/license-file gives the precise reason). */
export class LicenseRejectedError extends LicensingError {
  readonly code = "LICENSE_REJECTED";
  constructor(
    message: string,
    /** Which check failed: malformed, bad-signature, wrong-site, expired, older, ... */
    readonly reason: string,
  ) {
    super(message);
    this.name = "LicenseRejectedError";
  }
}

/**
 * A change the site's guard rails forbid: the last active sysadmin or People administrator, a
 * sysadmin's account touched by someone who is not one, a directory-owned field, one's own role.
 */
export class NotAllowedError extends LicensingError {
  readonly code = "NOT_ALLOWED";
  constructor(message: string) {
    super(message);
    this.name = "NotAllowedError";
  }
}

/** An area that still holds accounts cannot be deleted; the screen links to them. */
export class AreaNotEmptyError extends LicensingError {
  readonly code = "AREA_NOT_EMPTY";
  constructor(
    readonly areaId: string,
    readonly areaName: string,
    readonly accountCount: number,
  ) {
    super(
      `The area "${areaName}" still holds ${accountCount} account${accountCount === 1 ? "" : "s"}: ` +
        `move ${accountCount === 1 ? "it" : "them"} to another area or delete ${accountCount === 1 ? "it" : "them"} first.`,
    );
    this.name = "AreaNotEmptyError";
  }
}
