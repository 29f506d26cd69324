import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import type { Actor } from "./actor";
import { recordAuditEvent } from "./audit";
import { notePoolLevel } from "./pool-notifications";
import { parseInput } from "./validate";

export const licenseInForceSchema = z.object({
  siteId: z.string().min(1),
  licenseId: z.string().min(1),
  licensee: z.string().min(1),
  maxUsers: z.number().int().min(0),
  maxExtranetUsers: z.number().int().min(0).default(0),
  issuedAt: z.coerce.date(),
  expiresAt: z.coerce.date().nullable().default(null),
});

export type LicenseTerms = z.input<typeof licenseInForceSchema>;

export type ApplyLicenseOptions = {
  actor: Actor;
  terms: LicenseTerms;
  /** The signed document the terms were read from, kept as issued. */
  document?: string | null;
};

/**
 * Puts license terms in force and sets both pools' limits from them, in one transaction. No
 * screen or API reaches this: they go through applyLicenseDocument, which verifies the vendor's
 * signature first. Only the seed (the demo's bootstrap license) and tests call it directly.
 * Lowering a limit below current use blocks nobody
 * (spec rule 6): new activations are refused until use is back under the limit.
 */
export async function applyLicense(options: ApplyLicenseOptions, client: Db = defaultDb()) {
  const terms = parseInput(licenseInForceSchema, options.terms);
  return client.$transaction((tx) => applyTermsInTransaction(tx, options.actor, terms, options.document ?? null));
}

/** Puts terms in force inside the caller's transaction (see applyLicense and applyLicenseDocument). */
export async function applyTermsInTransaction(tx: Tx, actor: Actor, terms: z.output<typeof licenseInForceSchema>, document: string | null) {
  const previous = await tx.license.findUnique({ where: { id: 1 } });
  const license = await tx.license.upsert({
    where: { id: 1 },
    create: { id: 1, ...terms, document, appliedById: actor.id },
    update: { ...terms, document, appliedAt: new Date(), appliedById: actor.id },
  });
  await tx.siteSettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
  // Fixed order (PRIMARY, EXTRANET), the same as area moves take the two pool locks in.
  for (const [pool, seatLimit] of [
    ["PRIMARY", terms.maxUsers],
    ["EXTRANET", terms.maxExtranetUsers],
  ] as const) {
    const row = await tx.seatPool.upsert({
      where: { pool },
      create: { pool, seatLimit },
      update: { seatLimit },
    });
    await notePoolLevel(tx, row);
  }
  await recordAuditEvent(tx, {
    actor,
    action: "license.apply",
    before: previous ? { licenseId: previous.licenseId, maxUsers: previous.maxUsers, maxExtranetUsers: previous.maxExtranetUsers } : null,
    after: {
      licenseId: license.licenseId,
      maxUsers: license.maxUsers,
      maxExtranetUsers: license.maxExtranetUsers,
      signed: document !== null,
    },
  });
  return license;
}
