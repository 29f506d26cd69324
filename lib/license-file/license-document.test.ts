import { describe, expect, it } from "vitest";
import { generateVendorKeyPair, signLicense, verifyLicense, type LicenseTermsDocument } from "./license-document";

const vendor = generateVendorKeyPair();
const stranger = generateVendorKeyPair();
const now = new Date("2026-06-01T12:00:00Z");
const terms: LicenseTermsDocument = {
  licenseId: "LIC-2",
  licensee: "Demo Company Ltd",
  siteId: "site-a",
  maxUsers: 80,
  maxExtranetUsers: 10,
  issuedAt: "2026-05-01T00:00:00.000Z",
  expiresAt: "2027-05-01T00:00:00.000Z",
};
const context = {
  publicKeyPem: vendor.publicKeyPem,
  siteId: "site-a",
  now,
  inForce: { licenseId: "LIC-1", issuedAt: new Date("2026-01-01") },
};

describe("license files", () => {
  it("accepts a good license, also re-indented", () => {
    const text = signLicense(terms, vendor.privateKeyPem);
    const result = verifyLicense(text, context);
    expect(result).toMatchObject({ ok: true, license: { terms } });
    expect(verifyLicense(JSON.stringify(JSON.parse(text)), context).ok).toBe(true);
  });

  it("refuses a license with one changed byte", () => {
    const text = signLicense(terms, vendor.privateKeyPem).replace('"maxUsers": 80', '"maxUsers": 90');
    expect(verifyLicense(text, context)).toMatchObject({ ok: false, reason: "bad-signature" });
    const signature = JSON.parse(signLicense(terms, vendor.privateKeyPem)).signature as string;
    const flipped = signature.startsWith("A") ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const tampered = signLicense(terms, vendor.privateKeyPem).replace(signature, flipped);
    expect(verifyLicense(tampered, context)).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  it("refuses a license signed with another key", () => {
    expect(verifyLicense(signLicense(terms, stranger.privateKeyPem), context)).toMatchObject({ ok: false, reason: "bad-signature" });
  });

  it("refuses an expired license", () => {
    const text = signLicense({ ...terms, expiresAt: "2026-05-31T00:00:00.000Z" }, vendor.privateKeyPem);
    const result = verifyLicense(text, context);
    expect(result).toMatchObject({ ok: false, reason: "expired" });
    expect(!result.ok && result.message).toMatch(/expired on 2026-05-31/);
  });

  it("refuses a license for another site", () => {
    const result = verifyLicense(signLicense({ ...terms, siteId: "site-b" }, vendor.privateKeyPem), context);
    expect(result).toMatchObject({ ok: false, reason: "wrong-site" });
    expect(!result.ok && result.message).toMatch(/site-b.*site-a/);
  });

  it("refuses malformed JSON, a wrong shape and unknown fields", () => {
    expect(verifyLicense("{not json", context)).toMatchObject({ ok: false, reason: "malformed" });
    expect(
      verifyLicense(JSON.stringify({ format: "seatkeeper-license/1", license: { ...terms, maxUsers: "80" }, signature: "AA==" }), context),
    ).toMatchObject({ ok: false, reason: "malformed" });
    const extra = JSON.parse(signLicense(terms, vendor.privateKeyPem));
    extra.license.unlimited = true;
    expect(verifyLicense(JSON.stringify(extra), context)).toMatchObject({ ok: false, reason: "malformed" });
    expect(verifyLicense("x".repeat(20_000), context)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("refuses a license older than (or the same as) the one in force", () => {
    const older = signLicense({ ...terms, issuedAt: "2025-12-01T00:00:00.000Z" }, vendor.privateKeyPem);
    expect(verifyLicense(older, context)).toMatchObject({ ok: false, reason: "older" });
    const same = signLicense(terms, vendor.privateKeyPem);
    const result = verifyLicense(same, { ...context, inForce: { licenseId: "LIC-2", issuedAt: new Date(terms.issuedAt) } });
    expect(result).toMatchObject({ ok: false, reason: "older" });
    expect(!result.ok && result.message).toMatch(/already in force/);
  });

  it("refuses everything when no vendor key is configured", () => {
    expect(verifyLicense(signLicense(terms, vendor.privateKeyPem), { ...context, publicKeyPem: null })).toMatchObject({
      ok: false,
      reason: "no-public-key",
    });
  });
});
