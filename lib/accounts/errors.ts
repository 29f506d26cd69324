import { LicensingError } from "../licensing/errors";

/** A password, a one-time password or a set-password link that cannot be used, with the reason. */
export class PasswordRefusedError extends LicensingError {
  readonly code = "PASSWORD_REFUSED";
  constructor(
    message: string,
    readonly field: "currentPassword" | "newPassword" | "link" = "newPassword",
  ) {
    super(message);
    this.name = "PasswordRefusedError";
  }
}
