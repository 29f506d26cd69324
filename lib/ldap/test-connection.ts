import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { bindService, explainLdapError, LdapError } from "./connection";
import { SealedSecretError } from "./sealed-secret";
import { loadLdapConnectionSettings } from "./settings";

export type ConnectionTest = { ok: true; message: string } | { ok: false; error: string };

/**
 * "Test connection": connects with the saved settings (TLS checked), binds as the service
 * account, and reads the first page of people the user filter selects. Writes nothing.
 */
export async function testLdapConnection(client: Db = defaultDb()): Promise<ConnectionTest> {
  try {
    const settings = await loadLdapConnectionSettings(client);
    if (!settings) return { ok: false, error: "LDAP is not set up yet: save the settings first." };
    const ldap = await bindService(settings);
    try {
      let found = 0;
      let more = false;
      try {
        for await (const page of ldap.searchPaginated(settings.baseDn, {
          scope: "sub",
          filter: settings.userFilter,
          attributes: ["1.1"],
          paged: { pageSize: 100 },
        })) {
          if (found > 0) {
            more = true;
            break;
          }
          found += page.searchEntries.length;
        }
      } catch (error) {
        throw explainLdapError(error, settings.url, "search");
      }
      const secure = settings.url.startsWith("ldaps:") ? "over TLS (ldaps)" : "over StartTLS";
      const people = more ? `more than ${found} entries` : `${found} entr${found === 1 ? "y" : "ies"}`;
      return {
        ok: true,
        message: `Connected to ${settings.url} ${secure} and bound as ${settings.bindDn}: the user filter selects ${people} under ${settings.baseDn}.`,
      };
    } finally {
      await ldap.unbind().catch(() => {});
    }
  } catch (error) {
    if (error instanceof LdapError || error instanceof SealedSecretError) return { ok: false, error: error.message };
    throw error;
  }
}
