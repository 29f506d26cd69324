import { isPerson, type Actor } from "./actor";
import { NotAllowedError } from "./errors";

/**
 * What a directory (SCIM) sends on every sync: an administrator's edit of these fields would be
 * overwritten by the next sync, so a person cannot change them on an account a directory manages.
 * Blocking stays possible: an administrator's block wins over sync.
 */
export const DIRECTORY_OWNED_FIELDS = ["username", "email", "givenName", "familyName", "displayName", "externalId", "area"] as const;
export type DirectoryOwnedField = (typeof DIRECTORY_OWNED_FIELDS)[number];

export const DIRECTORY_OWNED_REASON =
  "A directory (SCIM or LDAP) manages this account: it owns these fields and its next sync would overwrite a change made here. Change them in the directory.";

export function isDirectoryManaged(account: { source: string }): boolean {
  return account.source === "DIRECTORY" || account.source === "LDAP";
}

export function assertNotDirectoryOwned(actor: Actor, account: { source: string }, fields: readonly string[]): void {
  if (!isPerson(actor) || !isDirectoryManaged(account)) return;
  const owned = fields.filter((f) => (DIRECTORY_OWNED_FIELDS as readonly string[]).includes(f));
  if (owned.length) throw new NotAllowedError(DIRECTORY_OWNED_REASON);
}
