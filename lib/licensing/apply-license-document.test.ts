import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { generateVendorKeyPair, signLicense } from "../license-file/license-document";
import { LicenseRejectedError, applyLicenseDocument, createAccount, getSeatStatistics, previewLicenseDocument } from ".";

const vendor = generateVendorKeyPair();
const actor = { id: null, label: "sysadmin" };
let t: TestDatabase;
let intranet: { id: string };

const license = (over: Partial<Parameters<typeof signLicense>[0]> = {}, key = vendor.privateKeyPem) =>
  signLicense(
    {
      licenseId: "LIC-NEW",
      licensee: "Test Ltd",
      siteId: "test-site",
      maxUsers: 5,
      maxExtranetUsers: 2,
      issuedAt: new Date().toISOString(),
      expiresAt: null,
      ...over,
    },
    key,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  ({ intranet } = await createSite(t.db, { maxUsers: 3, maxExtranetUsers: 0 }));
  for (let i = 0; i < 3; i++) await createAccount({ actor, source: "FORM", account: person(intranet.id) }, t.db);
});
afterAll(async () => t.close());

it("previews the change, then applies a vendor-signed license that raises the limit", async () => {
  const document = license();
  const preview = await previewLicenseDocument({ document, publicKeyPem: vendor.publicKeyPem }, t.db);
  expect(preview.ok && preview.changes.find((c) => c.field === "Max_Users")).toEqual({ field: "Max_Users", from: "3", to: "5" });
  expect((await getSeatStatistics(t.db)).find((s) => s.pool === "PRIMARY")).toMatchObject({ limit: 3 });

  await applyLicenseDocument({ actor, document, publicKeyPem: vendor.publicKeyPem }, t.db);
  expect((await getSeatStatistics(t.db)).find((s) => s.pool === "PRIMARY")).toMatchObject({ limit: 5, remaining: 2 });
  expect((await t.db.license.findUniqueOrThrow({ where: { id: 1 } })).document).toBe(document);
  expect((await createAccount({ actor, source: "FORM", account: person(intranet.id) }, t.db)).state).toBe("ACTIVE");
});

it("refuses a tampered, replayed or foreign license, changes nothing, and audits the refusal", async () => {
  const before = await t.db.license.findUniqueOrThrow({ where: { id: 1 } });
  for (const [document, reason] of [
    [license({ maxUsers: 9 }).replace('"maxUsers": 9', '"maxUsers": 900'), "bad-signature"],
    [license({ issuedAt: new Date(Date.now() - 86_400_000).toISOString() }), "older"],
    [license({ siteId: "elsewhere" }), "wrong-site"],
    [license({}, generateVendorKeyPair().privateKeyPem), "bad-signature"],
    ["not a license", "malformed"],
  ] as const) {
    const error = await applyLicenseDocument({ actor, document, publicKeyPem: vendor.publicKeyPem }, t.db).catch((e) => e);
    expect(error).toBeInstanceOf(LicenseRejectedError);
    expect(error.reason).toBe(reason);
  }
  expect(await t.db.license.findUniqueOrThrow({ where: { id: 1 } })).toEqual(before);
  expect(await t.db.auditEvent.count({ where: { action: "license.apply", outcome: "REFUSED" } })).toBe(5);
});

it("lowering the limit below use blocks nobody and the preview says so", async () => {
  const document = license({ licenseId: "LIC-LOW", maxUsers: 2, issuedAt: new Date(Date.now() + 1000).toISOString() });
  const preview = await previewLicenseDocument({ document, publicKeyPem: vendor.publicKeyPem }, t.db);
  expect(preview.ok && preview.warnings.join(" ")).toMatch(/nobody is blocked/);
  await applyLicenseDocument({ actor, document, publicKeyPem: vendor.publicKeyPem }, t.db);
  expect((await getSeatStatistics(t.db)).find((s) => s.pool === "PRIMARY")).toMatchObject({ limit: 2, used: 4, overBy: 2 });
  expect(await t.db.account.count({ where: { state: "ACTIVE" } })).toBe(4);
});
