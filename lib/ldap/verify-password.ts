import "server-only";
import type { Db } from "../db/client";
import { bindLdap, bindService, explainLdapError, LdapError } from "./connection";
import { escapeFilterValue, formatObjectGuid } from "./read-directory";
import { loadLdapConnectionSettings } from "./settings";

export type LdapPasswordCheck = "ok" | "wrong" | "unreachable";

/**
 * Checks an LDAP account's password against the directory: finds the person's DN by the mapped
 * user name attribute under the base DN (service bind), checks it is the same person (external
 * id), then binds as that DN with the password. An outage (no settings, server unreachable,
 * service bind refused) is "unreachable", never "wrong": the person is told the directory is down.
 */
export async function verifyLdapPassword(
  account: { username: string; externalId: string | null },
  password: string,
  client: Db,
): Promise<LdapPasswordCheck> {
  let settings;
  try {
    settings = await loadLdapConnectionSettings(client);
  } catch {
    return "unreachable"; // the stored bind password cannot be read (AUTH_SECRET changed)
  }
  if (!settings) return "unreachable";
  let dn: string | null = null;
  try {
    const service = await bindService(settings);
    try {
      const binary = settings.externalIdAttribute.toLowerCase() === "objectguid" ? [settings.externalIdAttribute] : [];
      const { searchEntries } = await service.search(settings.baseDn, {
        scope: "sub",
        filter: `(&${settings.userFilter}(${settings.usernameAttribute}=${escapeFilterValue(account.username)}))`,
        attributes: [settings.externalIdAttribute],
        explicitBufferAttributes: binary,
        sizeLimit: 2,
      });
      const matches = searchEntries.filter((entry) => {
        const value = Object.entries(entry).find(([k]) => k.toLowerCase() === settings.externalIdAttribute.toLowerCase())?.[1];
        const first = Array.isArray(value) ? value[0] : value;
        const id = Buffer.isBuffer(first) ? (binary.length ? formatObjectGuid(first) : first.toString("utf8")) : first;
        return id === account.externalId;
      });
      if (matches.length === 1) dn = matches[0].dn;
    } finally {
      await service.unbind().catch(() => {});
    }
  } catch (error) {
    const explained = explainLdapError(error, settings.url, "search");
    console.error(`[ldap sign-in] ${explained.message}`);
    return "unreachable";
  }
  if (!dn) return "wrong"; // not in the directory (any more) as this account
  try {
    const user = await bindLdap(settings, dn, password);
    await user.unbind().catch(() => {});
    return "ok";
  } catch (error) {
    if (error instanceof LdapError && error.kind === "bind") return "wrong";
    console.error(`[ldap sign-in] ${error instanceof Error ? error.message : String(error)}`);
    return "unreachable";
  }
}
