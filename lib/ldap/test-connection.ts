import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { bindService, explainLdapError, LdapError } from "./connection";
import { openSealedSecret, SealedSecretError } from "./sealed-secret";
import { loadLdapConnectionSettings, type LdapConnectionSettings } from "./settings";
import { ldapConnectionTestSchema } from "./settings-schema";

export type ConnectionTest = { ok: true; message: string } | { ok: false; error: string };

type Tested = Pick<LdapConnectionSettings, "url" | "caCertificate" | "bindDn" | "bindPassword" | "baseDn" | "userFilter">;

/**
 * "Test connection": connects (TLS checked), binds as the service account, and reads the first
 * page of people the user filter selects. Writes nothing. With `form`, it tests the form's values
 * as typed, unsaved (an empty password: the saved one); without, the saved settings.
 */
export async function testLdapConnection(options: { form?: unknown } = {}, client: Db = defaultDb()): Promise<ConnectionTest> {
  try {
    const settings = options.form === undefined ? await loadLdapConnectionSettings(client) : await formSettings(options.form, client);
    if (!settings) return { ok: false, error: "LDAP is not set up yet: save the settings first." };
    return { ok: true, message: await probe(settings) };
  } catch (error) {
    if (error instanceof LdapError || error instanceof SealedSecretError) return { ok: false, error: error.message };
    throw error;
  }
}

/** The form's connection fields, checked as saving checks them, with the saved password when left empty. */
async function formSettings(form: unknown, client: Db): Promise<Tested> {
  const parsed = ldapConnectionTestSchema.safeParse(form);
  if (!parsed.success) throw new LdapError("config", [...new Set(parsed.error.issues.map((issue) => issue.message))].join(" "));
  const { bindPassword, ...fields } = parsed.data;
  if (bindPassword) return { ...fields, bindPassword };
  const saved = await client.ldapDirectory.findUnique({ where: { id: 1 }, select: { bindPasswordSealed: true } });
  if (!saved) throw new LdapError("config", "Enter the bind password: none is saved yet.");
  return { ...fields, bindPassword: openSealedSecret(saved.bindPasswordSealed) };
}

async function probe(settings: Tested): Promise<string> {
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
    return `Connected to ${settings.url} ${secure} and bound as ${settings.bindDn}: the user filter selects ${people} under ${settings.baseDn}.`;
  } finally {
    await ldap.unbind().catch(() => {});
  }
}
