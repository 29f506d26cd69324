import { z } from "zod";

// The LDAP / Active Directory settings as the form sends them, and the two presets. No server
// imports: the form shows the presets too.

export const LDAP_PRESETS = {
  ACTIVE_DIRECTORY: {
    label: "Active Directory",
    userFilter: "(&(objectClass=user)(objectCategory=person))",
    usernameAttribute: "sAMAccountName",
    emailAttribute: "mail",
    givenNameAttribute: "givenName",
    familyNameAttribute: "sn",
    externalIdAttribute: "objectGUID",
    disabledByUserAccountControl: true,
  },
  OPENLDAP: {
    label: "OpenLDAP",
    userFilter: "(objectClass=inetOrgPerson)",
    usernameAttribute: "uid",
    emailAttribute: "mail",
    givenNameAttribute: "givenName",
    familyNameAttribute: "sn",
    externalIdAttribute: "entryUUID",
    disabledByUserAccountControl: false,
  },
} as const;
export type LdapPreset = keyof typeof LDAP_PRESETS;

/** Active Directory's user name is sAMAccountName or userPrincipalName (the preset offers both). */
export const AD_USERNAME_ATTRIBUTES = ["sAMAccountName", "userPrincipalName"] as const;

const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]*$/;
const attribute = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter the attribute that holds ${what}.`)
    .max(100)
    .regex(ATTRIBUTE, `The attribute for ${what} must be an attribute name (letters, digits and hyphens, e.g. mail).`);

/** An RFC 4515 filter, checked for its shape here; the server has the last word. */
export function filterProblem(filter: string): string | null {
  if (!filter.startsWith("(")) return "must be in parentheses, e.g. (objectClass=person)";
  let depth = 0;
  for (const [i, c] of [...filter].entries()) {
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (depth < 0 || (depth === 0 && i < filter.length - 1)) return "has unbalanced parentheses";
  }
  if (depth !== 0) return "has unbalanced parentheses";
  if (!filter.includes("=")) return "has no comparison (attribute=value)";
  return null;
}

const ldapFilter = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(2000)
    .superRefine((value, ctx) => {
      const problem = filterProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `${what[0].toUpperCase()}${what.slice(1)} ${problem}.` });
    });

/** A distinguished name: attribute=value pairs separated by commas. */
const DN = /^\s*[A-Za-z][A-Za-z0-9-]*\s*=\s*[^,]+(\s*,\s*[A-Za-z][A-Za-z0-9-]*\s*=\s*[^,]+)*\s*$/;
const dn = (what: string, example: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(1000)
    .regex(DN, `${what[0].toUpperCase()}${what.slice(1)} must be a DN, e.g. ${example}.`);

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export const areaRuleSchema = z.object({
  areaId: z.uuid("Choose an area for each rule."),
  match: z.string().trim().min(1, "Enter the group DN or filter of each rule.").max(2000),
});
export type AreaRule = z.output<typeof areaRuleSchema>;

/** What a connection needs: the fields "Test connection" checks, as the form holds them. */
const connectionFields = {
  url: z
    .string()
    .trim()
    .min(1, "Enter the server's address, e.g. ldaps://dc1.example.com.")
    .refine((value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === "ldap:" || url.protocol === "ldaps:") && Boolean(url.hostname) && (url.pathname === "" || url.pathname === "/")
        );
      } catch {
        return false;
      }
    }, "The server must be an ldap:// (upgraded with StartTLS) or ldaps:// address with a host and no path, e.g. ldaps://dc1.example.com:636."),
  caCertificate: z.preprocess(
    (v) => v ?? "",
    z
      .string()
      .trim()
      .max(20000)
      .transform((value) => value || null)
      .refine((value) => value === null || PEM.test(value), "The CA certificate must be PEM text (-----BEGIN CERTIFICATE----- …)."),
  ),
  bindDn: dn("the bind DN", "CN=Seatkeeper,OU=Service accounts,DC=example,DC=com"),
  /** Empty keeps the stored password. */
  bindPassword: z.string().max(500, "The bind password is too long (500 characters at most).").optional().default(""),
  baseDn: dn("the base DN", "OU=Staff,DC=example,DC=com"),
  userFilter: ldapFilter("the user filter"),
};

/** "Test connection" on the form's values (an empty password: the saved one). */
export const ldapConnectionTestSchema = z.object(connectionFields);
export type LdapConnectionTestInput = z.input<typeof ldapConnectionTestSchema>;

export const ldapSettingsSchema = z
  .object({
    ...connectionFields,
    preset: z.enum(["ACTIVE_DIRECTORY", "OPENLDAP"], "Choose a preset: Active Directory or OpenLDAP."),
    usernameAttribute: attribute("the user name"),
    emailAttribute: attribute("the e-mail address"),
    givenNameAttribute: attribute("the given name"),
    familyNameAttribute: attribute("the family name"),
    externalIdAttribute: attribute("the stable id (objectGUID, entryUUID)"),
    disabledByUserAccountControl: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
    areaMode: z.enum(["GROUPS", "FILTERS"], "Choose how areas are decided: by group or by filter."),
    areaRules: z.array(areaRuleSchema).max(50, "At most 50 area rules."),
    defaultAreaId: z.preprocess((v) => (v === "" || v === undefined ? null : v), z.uuid("Choose an area or none.").nullable()),
    scheduleMinutes: z.preprocess(
      (v) => (v === "" || v === "off" || v === undefined || v === null ? null : Number(v)),
      z
        .number("The schedule must be a number of minutes, or off.")
        .int("The schedule must be a whole number of minutes.")
        .min(15, "Sync at most every 15 minutes.")
        .max(10080, "Sync at least once a week (10080 minutes), or turn the schedule off.")
        .nullable(),
    ),
  })
  .superRefine((settings, ctx) => {
    settings.areaRules.forEach((rule, i) => {
      if (settings.areaMode === "GROUPS" && !DN.test(rule.match)) {
        ctx.addIssue({
          code: "custom",
          path: ["areaRules"],
          message: `Rule ${i + 1}: "${rule.match}" is not a group DN (e.g. CN=Partners,OU=Groups,DC=example,DC=com).`,
        });
      }
      if (settings.areaMode === "FILTERS") {
        const problem = filterProblem(rule.match);
        if (problem) ctx.addIssue({ code: "custom", path: ["areaRules"], message: `Rule ${i + 1}: the filter ${problem}.` });
      }
    });
    if (settings.areaRules.length === 0 && !settings.defaultAreaId) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultAreaId"],
        message: "Give an area to accounts no rule matches, or add a rule: otherwise nobody is synced.",
      });
    }
  });

export type LdapSettingsInput = z.input<typeof ldapSettingsSchema>;
export type LdapSettings = z.output<typeof ldapSettingsSchema>;

/**
 * The form's flat fields (areaRules.0.areaId, areaRules.0.match…) as the schema's object: rows
 * left empty are dropped, in their order.
 */
export function ldapSettingsFromForm(fields: Record<string, unknown>): Record<string, unknown> {
  const rows = new Map<number, { areaId?: unknown; match?: unknown }>();
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const m = /^areaRules\.(\d+)\.(areaId|match)$/.exec(key);
    if (!m) {
      rest[key] = value;
      continue;
    }
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2] as "areaId" | "match"] = value;
    rows.set(Number(m[1]), row);
  }
  const areaRules = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => String(row.areaId ?? "").trim() || String(row.match ?? "").trim());
  return { ...rest, areaRules: Array.isArray(fields.areaRules) ? fields.areaRules : areaRules };
}

export const ldapSettingsFormSchema = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) ? ldapSettingsFromForm(v as Record<string, unknown>) : v),
  ldapSettingsSchema,
);
