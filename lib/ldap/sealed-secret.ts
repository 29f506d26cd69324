import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "../config";

// The LDAP bind password is kept encrypted (AES-256-GCM) with a key derived from AUTH_SECRET by
// HKDF-SHA256: a copy of the database alone does not give the directory's service password. A new
// AUTH_SECRET makes the stored password unreadable: the settings page then asks for it again.

const VERSION = "v1";
const INFO = "seatkeeper ldap bind password";

export class SealedSecretError extends Error {
  override name = "SealedSecretError";
}

function key(secret: string | undefined): Buffer {
  if (!secret) throw new SealedSecretError("AUTH_SECRET is not set: the LDAP bind password cannot be encrypted or read.");
  return Buffer.from(hkdfSync("sha256", secret, "seatkeeper", INFO, 32));
}

export function sealSecret(plain: string, secret = config().AUTH_SECRET): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

export function openSealedSecret(sealed: string, secret = config().AUTH_SECRET): string {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new SealedSecretError("The stored LDAP bind password is not in a known format: enter it again.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedSecretError(
      "The stored LDAP bind password cannot be read (AUTH_SECRET changed?): enter it again in the LDAP settings.",
    );
  }
}
