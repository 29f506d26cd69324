import "server-only";
import { config } from "../config";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import { verifyLicense, type LicenseTermsDocument, type VerifyResult } from "../license-file/license-document";
import { vendorPublicKey } from "../license-file/vendor-key";
import type { Actor } from "./actor";
import { applyTermsInTransaction } from "./apply-license";
import { recordAuditEvent } from "./audit";
import { LicenseRejectedError } from "./errors";
import { utcDate } from "../format/utc";

// The only way a screen changes the seat limits: a license file the vendor signed. Its terms are
// read from the verified document, never from anything else the request carries.

export type LicenseChange = { field: string; from: string; to: string };

/**
 * This site's id: SEATKEEPER_SITE_ID when set (an override), else the id stored with the license
 * in force, else null: a site with no license yet takes its id from the first license it applies,
 * and from then on a license for another site is refused.
 */
export async function currentSiteId(client: Db | Tx = defaultDb()): Promise<string | null> {
  const { SEATKEEPER_SITE_ID } = config();
  if (SEATKEEPER_SITE_ID) return SEATKEEPER_SITE_ID;
  const license = await client.license.findUnique({ where: { id: 1 }, select: { siteId: true } });
  return license?.siteId ?? null;
}

async function verifyAgainstSite(client: Db | Tx, document: string, now: Date, publicKeyPem?: string | null): Promise<VerifyResult> {
  const inForce = await client.license.findUnique({ where: { id: 1 }, select: { licenseId: true, issuedAt: true } });
  return verifyLicense(document, {
    publicKeyPem: publicKeyPem === undefined ? await vendorPublicKey() : publicKeyPem,
    siteId: await currentSiteId(client),
    now,
    inForce,
  });
}

function changesFrom(
  current: { licenseId: string; licensee: string; maxUsers: number; maxExtranetUsers: number; expiresAt: Date | null } | null,
  terms: LicenseTermsDocument,
): LicenseChange[] {
  const date = (d: string | Date | null) => (d === null ? "never" : utcDate(d));
  const rows: LicenseChange[] = [
    { field: "Max_Users", from: current ? String(current.maxUsers) : "none", to: String(terms.maxUsers) },
    { field: "Max_extranet_users", from: current ? String(current.maxExtranetUsers) : "none", to: String(terms.maxExtranetUsers) },
    { field: "License id", from: current?.licenseId ?? "none", to: terms.licenseId },
    { field: "Licensee", from: current?.licensee ?? "none", to: terms.licensee },
    { field: "Expires", from: current ? date(current.expiresAt) : "none", to: date(terms.expiresAt) },
  ];
  return rows;
}

/** Verifies a license file and says what applying it would change; changes nothing. */
export async function previewLicenseDocument(
  options: { document: string; now?: Date; publicKeyPem?: string | null },
  client: Db = defaultDb(),
) {
  const verified = await verifyAgainstSite(client, options.document, options.now ?? new Date(), options.publicKeyPem);
  if (!verified.ok) return verified;
  const current = await client.license.findUnique({ where: { id: 1 } });
  const active = await client.seatPool.findMany();
  const used = (pool: "PRIMARY" | "EXTRANET") => active.find((p) => p.pool === pool)?.activeCount ?? 0;
  const warnings: string[] = [];
  const { terms } = verified.license;
  if (terms.maxUsers < used("PRIMARY"))
    warnings.push(
      `Max_Users ${terms.maxUsers} is below the ${used("PRIMARY")} active primary-area accounts: nobody is blocked, but no one can be made active there until use is under the limit.`,
    );
  if (terms.maxExtranetUsers < used("EXTRANET"))
    warnings.push(
      `Max_extranet_users ${terms.maxExtranetUsers} is below the ${used("EXTRANET")} active extranet accounts: nobody is blocked, but no one can be made active there until use is under the limit.`,
    );
  return { ok: true as const, terms, changes: changesFrom(current, terms), warnings };
}

/**
 * Verifies and applies a vendor-signed license in one transaction (the License row locked, so
 * two concurrent applies cannot both pass the "newer than the one in force" check). A refused
 * license changes nothing and is audited with its reason.
 */
export async function applyLicenseDocument(
  options: { actor: Actor; document: string; now?: Date; publicKeyPem?: string | null },
  client: Db = defaultDb(),
) {
  const now = options.now ?? new Date();
  try {
    return await client.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "License" WHERE id = 1 FOR UPDATE`;
      const verified = await verifyAgainstSite(tx, options.document, now, options.publicKeyPem);
      if (!verified.ok) throw new LicenseRejectedError(verified.message, verified.reason);
      const t = verified.license.terms;
      return applyTermsInTransaction(
        tx,
        options.actor,
        { ...t, issuedAt: new Date(t.issuedAt), expiresAt: t.expiresAt ? new Date(t.expiresAt) : null },
        verified.license.document,
      );
    });
  } catch (error) {
    if (error instanceof LicenseRejectedError) {
      await recordAuditEvent(client, { actor: options.actor, action: "license.apply", outcome: "REFUSED", detail: error.message });
    }
    throw error;
  }
}
