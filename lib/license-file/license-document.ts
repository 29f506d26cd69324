import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { utcDate } from "../format/utc";

// A license is a small JSON document signed by the vendor with Ed25519 (node:crypto):
//   { "format": "seatkeeper-license/1", "license": { ...terms }, "signature": "<base64>" }
// The signature covers the canonical form of `license` (keys sorted, no whitespace), so the file
// may be re-indented without breaking it, but no value can change.

export const LICENSE_FORMAT = "seatkeeper-license/1";

const isoDate = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });

export const licenseTermsSchema = z
  .object({
    licenseId: z.string().min(1).max(100),
    licensee: z.string().min(1).max(200),
    siteId: z.string().min(1).max(100),
    maxUsers: z.number().int().min(0).max(10_000_000),
    maxExtranetUsers: z.number().int().min(0).max(10_000_000),
    issuedAt: isoDate,
    expiresAt: isoDate.nullable(),
  })
  .strict();

export type LicenseTermsDocument = z.infer<typeof licenseTermsSchema>;

const licenseFileSchema = z
  .object({
    format: z.literal(LICENSE_FORMAT, `format must be "${LICENSE_FORMAT}"`),
    license: licenseTermsSchema,
    signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "signature must be base64"),
  })
  .strict();

export function canonicalTerms(terms: LicenseTermsDocument): Buffer {
  const sorted = Object.fromEntries(Object.entries(terms).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Buffer.from(JSON.stringify(sorted), "utf8");
}

export function generateVendorKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** The vendor's side: signs terms with the vendor's private key and returns the file's text. */
export function signLicense(terms: LicenseTermsDocument, privateKeyPem: string): string {
  const parsed = licenseTermsSchema.parse(terms);
  const signature = sign(null, canonicalTerms(parsed), createPrivateKey(privateKeyPem)).toString("base64");
  return `${JSON.stringify({ format: LICENSE_FORMAT, license: parsed, signature }, null, 2)}\n`;
}

export type LicenseRefusal = "malformed" | "bad-signature" | "wrong-site" | "expired" | "not-yet-issued" | "older" | "no-public-key";

export type VerifiedLicense = { terms: LicenseTermsDocument; document: string };

export type VerifyResult = { ok: true; license: VerifiedLicense } | { ok: false; reason: LicenseRefusal; message: string };

const MAX_DOCUMENT_BYTES = 16 * 1024;

/**
 * The site's side: a license is accepted only when it is well-formed, signed by the vendor's
 * key, for this site, issued already, not expired, and newer than the one in force. Each refusal
 * says which of these failed.
 */
export function verifyLicense(
  text: string,
  /** siteId null: the site has no license yet and takes its id from the first one applied. */
  context: { publicKeyPem: string | null; siteId: string | null; now: Date; inForce?: { licenseId: string; issuedAt: Date } | null },
): VerifyResult {
  const refuse = (reason: LicenseRefusal, message: string): VerifyResult => ({ ok: false, reason, message });
  if (!context.publicKeyPem) {
    return refuse(
      "no-public-key",
      "The vendor's public key is not configured (SEATKEEPER_LICENSE_PUBLIC_KEY), so no license can be verified.",
    );
  }
  if (Buffer.byteLength(text, "utf8") > MAX_DOCUMENT_BYTES) return refuse("malformed", "This is not a license file: it is far too large.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse("malformed", "This is not a license file: it is not valid JSON.");
  }
  const parsed = licenseFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse("malformed", `This is not a valid license file: ${issue.path.join(".") || "document"} ${issue.message}.`);
  }
  const { license: terms, signature } = parsed.data;
  let key: KeyObject;
  try {
    key = createPublicKey(context.publicKeyPem);
  } catch {
    return refuse("no-public-key", "The configured vendor public key is not a valid PEM key.");
  }
  if (!verify(null, canonicalTerms(terms), key, Buffer.from(signature, "base64"))) {
    return refuse(
      "bad-signature",
      "The signature does not match: this license was changed after the vendor signed it, or was not signed by your vendor.",
    );
  }
  if (context.siteId !== null && terms.siteId !== context.siteId) {
    return refuse("wrong-site", `This license is for another site ("${terms.siteId}"); this site is "${context.siteId}".`);
  }
  const issuedAt = new Date(terms.issuedAt);
  if (issuedAt.getTime() > context.now.getTime() + 5 * 60 * 1000) {
    return refuse("not-yet-issued", `This license is dated in the future (${terms.issuedAt}); check the server clock.`);
  }
  if (terms.expiresAt && new Date(terms.expiresAt).getTime() <= context.now.getTime()) {
    return refuse("expired", `This license expired on ${utcDate(terms.expiresAt)}.`);
  }
  if (context.inForce && issuedAt.getTime() <= context.inForce.issuedAt.getTime()) {
    return refuse(
      "older",
      terms.licenseId === context.inForce.licenseId
        ? `License ${terms.licenseId} is already in force.`
        : `This license (issued ${utcDate(terms.issuedAt)}) is not newer than the one in force (${context.inForce.licenseId}, issued ${utcDate(context.inForce.issuedAt)}).`,
    );
  }
  return { ok: true, license: { terms, document: text } };
}
