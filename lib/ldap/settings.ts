import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "../licensing/actor";
import { recordAuditEvent } from "../licensing/audit";
import { InvalidInputError } from "../licensing/errors";
import { parseInput } from "../licensing/validate";
import { openSealedSecret, sealSecret } from "./sealed-secret";
import { areaRuleSchema, ldapSettingsSchema, type AreaRule, type LdapSettingsInput, type LdapPreset } from "./settings-schema";

/** The settings as the page shows them: everything but the password, which is never shown back. */
export type LdapSettingsView = {
  url: string;
  caCertificate: string | null;
  bindDn: string;
  hasBindPassword: boolean;
  baseDn: string;
  userFilter: string;
  preset: LdapPreset;
  usernameAttribute: string;
  emailAttribute: string;
  givenNameAttribute: string;
  familyNameAttribute: string;
  externalIdAttribute: string;
  disabledByUserAccountControl: boolean;
  areaMode: "GROUPS" | "FILTERS";
  areaRules: AreaRule[];
  defaultAreaId: string | null;
  scheduleMinutes: number | null;
  updatedAt: Date;
  updatedBy: string;
};

/** What a sync or a sign-in needs: the settings with the bind password opened. */
export type LdapConnectionSettings = Omit<LdapSettingsView, "hasBindPassword" | "updatedAt" | "updatedBy"> & { bindPassword: string };

type Row = NonNullable<Awaited<ReturnType<Db["ldapDirectory"]["findUnique"]>>>;

/** The settings a connection uses, without the password. */
function connectionFields(row: Row): Omit<LdapConnectionSettings, "bindPassword"> {
  return {
    url: row.url,
    caCertificate: row.caCertificate,
    bindDn: row.bindDn,
    baseDn: row.baseDn,
    userFilter: row.userFilter,
    preset: row.preset as LdapPreset,
    usernameAttribute: row.usernameAttribute,
    emailAttribute: row.emailAttribute,
    givenNameAttribute: row.givenNameAttribute,
    familyNameAttribute: row.familyNameAttribute,
    externalIdAttribute: row.externalIdAttribute,
    disabledByUserAccountControl: row.disabledByUserAccountControl,
    areaMode: row.areaMode as "GROUPS" | "FILTERS",
    areaRules: areaRuleSchema.array().parse(row.areaRules),
    defaultAreaId: row.defaultAreaId,
    scheduleMinutes: row.scheduleMinutes,
  };
}

function view(row: Row): LdapSettingsView {
  return { ...connectionFields(row), hasBindPassword: Boolean(row.bindPasswordSealed), updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

export async function getLdapSettings(client: Db = defaultDb()): Promise<LdapSettingsView | null> {
  const row = await client.ldapDirectory.findUnique({ where: { id: 1 } });
  return row ? view(row) : null;
}

/** The stored settings with the password decrypted, or null when LDAP is not set up. */
export async function loadLdapConnectionSettings(client: Db = defaultDb()): Promise<LdapConnectionSettings | null> {
  const row = await client.ldapDirectory.findUnique({ where: { id: 1 } });
  if (!row) return null;
  return { ...connectionFields(row), bindPassword: openSealedSecret(row.bindPasswordSealed) };
}

/**
 * Saves the settings (audited as a settings change, the password never written to the trail).
 * An empty password keeps the stored one; the first save needs one. Areas named by the rules
 * must exist.
 */
export async function saveLdapSettings(options: { actor: Actor; settings: LdapSettingsInput }, client: Db = defaultDb()) {
  const settings = parseInput(ldapSettingsSchema, options.settings);
  const { bindPassword, ...stored } = settings;
  const areaIds = [...new Set([...settings.areaRules.map((r) => r.areaId), ...(settings.defaultAreaId ? [settings.defaultAreaId] : [])])];
  return client.$transaction(async (tx) => {
    const known = await tx.area.findMany({ where: { id: { in: areaIds } }, select: { id: true } });
    if (known.length !== areaIds.length)
      throw new InvalidInputError({ areaRules: ["An area chosen in the rules no longer exists: reload the page."] });
    const before = await tx.ldapDirectory.findUnique({ where: { id: 1 } });
    if (!before && !bindPassword) throw new InvalidInputError({ bindPassword: ["Enter the bind password."] });
    const data = {
      ...stored,
      areaRules: settings.areaRules,
      bindPasswordSealed: bindPassword ? sealSecret(bindPassword) : before!.bindPasswordSealed,
      updatedBy: options.actor.label,
    };
    const row = await tx.ldapDirectory.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
    const shown = (r: Row) => connectionFields(r);
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "settings.change",
      before: before ? { ldap: shown(before) } : null,
      after: { ldap: shown(row), ...(bindPassword ? { bindPassword: "changed" } : {}) },
      detail: "LDAP / Active Directory settings",
    });
    return view(row);
  });
}
