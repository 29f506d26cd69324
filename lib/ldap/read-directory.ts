import "server-only";
import type { Client, Entry } from "ldapts";
import { z } from "zod";
import { emailSchema, PRINTABLE, PRINTABLE_MESSAGE, usernameSchema } from "../licensing/schemas";
import { bindService, explainLdapError } from "./connection";
import type { LdapConnectionSettings } from "./settings";

/** Entries per page: Active Directory's MaxPageSize is 1000 by default. */
export const PAGE_SIZE = 500;
/** Skipped entries kept with their reason in a run's record (all are counted). */
export const PROBLEMS_KEPT = 100;

/** One person as the directory describes them, checked and mapped onto an account's fields. */
export type DirectoryPerson = {
  dn: string;
  externalId: string;
  username: string;
  email: string;
  givenName: string;
  familyName: string;
  disabled: boolean;
  /** The area the rules give; null: no rule matches and there is no default area (not synced). */
  areaId: string | null;
};

export type EntryProblem = { dn: string; problem: string };

export type DirectoryContents = {
  /** By external id. */
  people: Map<string, DirectoryPerson>;
  /** External ids of entries that were skipped: their accounts are left alone, not blocked. */
  skippedIds: Set<string>;
  problems: EntryProblem[];
  problemCount: number;
  entries: number;
};

const nameSchema = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `has an empty ${what}`)
    .max(100, `has a ${what} over 100 characters`)
    .regex(PRINTABLE, `${what}: ${PRINTABLE_MESSAGE}`);

/** Active Directory's objectGUID (16 bytes, first three groups little-endian) in its usual text form. */
export function formatObjectGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`is ${bytes.length} bytes long, not 16`);
  const hex = (b: Buffer) => b.toString("hex");
  const le = (start: number, end: number) => hex(Buffer.from(bytes.subarray(start, end)).reverse());
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(bytes.subarray(8, 10))}-${hex(bytes.subarray(10, 16))}`;
}

/** Escapes a value for an LDAP filter (RFC 4515). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** A DN compared the way directories do: case and spaces around separators do not matter. */
export function normalizeDn(dn: string): string {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) =>
      rdn
        .split(/(?<!\\)=/)
        .map((part) => part.trim())
        .join("="),
    )
    .join(",")
    .toLowerCase();
}

type Values = (string | Buffer)[];

/** An entry's attributes by lower-case name (servers answer in their schema's own case). */
function attributesOf(entry: Entry): Map<string, Values> {
  const map = new Map<string, Values>();
  for (const [name, value] of Object.entries(entry)) {
    if (name === "dn") continue;
    map.set(name.toLowerCase(), (Array.isArray(value) ? value : [value]) as Values);
  }
  return map;
}

function text(value: string | Buffer | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.isBuffer(value) ? value.toString("utf8") : value;
}

/** The attributes a sync asks for. */
export function requestedAttributes(settings: LdapConnectionSettings): string[] {
  return [
    settings.usernameAttribute,
    settings.emailAttribute,
    settings.givenNameAttribute,
    settings.familyNameAttribute,
    settings.externalIdAttribute,
    ...(settings.disabledByUserAccountControl ? ["userAccountControl"] : []),
    ...(settings.areaMode === "GROUPS" && settings.areaRules.length ? ["memberOf"] : []),
  ];
}

/** The external id of an entry as text, or why it has none. */
function externalIdOf(attrs: Map<string, Values>, settings: LdapConnectionSettings): string | { problem: string } {
  const value = attrs.get(settings.externalIdAttribute.toLowerCase())?.[0];
  if (value === undefined) return { problem: `has no ${settings.externalIdAttribute}` };
  if (settings.externalIdAttribute.toLowerCase() === "objectguid") {
    if (!Buffer.isBuffer(value)) return { problem: "has an objectGUID that is not binary" };
    try {
      return formatObjectGuid(value);
    } catch (error) {
      return { problem: `has an objectGUID that ${(error as Error).message}` };
    }
  }
  const id = text(value)!.trim();
  if (!id || id.length > 200 || !PRINTABLE.test(id)) return { problem: `has an unusable ${settings.externalIdAttribute}` };
  return id;
}

/**
 * Maps one entry onto a person, or says what is wrong with it. `areaOf` gives the area from the
 * entry's groups or from the per-area filter matches.
 */
export function personFromEntry(
  entry: Entry,
  settings: LdapConnectionSettings,
  areaOf: (externalId: string, groups: string[]) => string | null,
): DirectoryPerson | (EntryProblem & { externalId: string | null }) {
  const attrs = attributesOf(entry);
  const dn = entry.dn;
  const externalId = externalIdOf(attrs, settings);
  if (typeof externalId !== "string") return { dn, externalId: null, problem: externalId.problem };
  const fail = (problem: string) => ({ dn, externalId, problem });
  const one = (attribute: string) => text(attrs.get(attribute.toLowerCase())?.[0]);

  const fields: [string, string, z.ZodType<string>][] = [
    ["username", settings.usernameAttribute, usernameSchema],
    ["email", settings.emailAttribute, emailSchema],
    ["givenName", settings.givenNameAttribute, nameSchema(settings.givenNameAttribute)],
    ["familyName", settings.familyNameAttribute, nameSchema(settings.familyNameAttribute)],
  ];
  const values: Record<string, string> = {};
  for (const [field, attribute, schema] of fields) {
    const raw = one(attribute);
    if (raw === undefined) return fail(`has no ${attribute}`);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "is not valid";
      return fail(
        message.startsWith("has ") ? message : `has a ${attribute} that is not usable (${JSON.stringify(raw.slice(0, 80))}: ${message})`,
      );
    }
    values[field] = parsed.data;
  }

  let disabled = false;
  if (settings.disabledByUserAccountControl) {
    const flags = one("userAccountControl");
    if (flags !== undefined) {
      if (!/^-?\d+$/.test(flags.trim()))
        return fail(`has a userAccountControl that is not a number (${JSON.stringify(flags.slice(0, 20))})`);
      disabled = (Number(flags) & 2) === 2;
    }
  }
  const groups = (attrs.get("memberof") ?? []).map((g) => normalizeDn(text(g)!));
  return {
    dn,
    externalId,
    username: values.username,
    email: values.email,
    givenName: values.givenName,
    familyName: values.familyName,
    disabled,
    areaId: areaOf(externalId, groups),
  };
}

/** Runs a paged search and hands each page to `onPage`; nothing of a page is kept after it. */
async function pagedSearch(
  client: Client,
  settings: LdapConnectionSettings,
  filter: string,
  attributes: string[],
  onPage: (entries: Entry[]) => void | Promise<void>,
): Promise<void> {
  const binary = attributes.filter((a) => a.toLowerCase() === "objectguid");
  try {
    for await (const page of client.searchPaginated(settings.baseDn, {
      scope: "sub",
      filter,
      attributes,
      explicitBufferAttributes: binary,
      paged: { pageSize: PAGE_SIZE },
    })) {
      await onPage(page.searchEntries);
    }
  } catch (error) {
    throw explainLdapError(error, settings.url, "search");
  }
}

/**
 * Reads every person under the base DN that the user filter selects, page by page, into checked
 * records (the raw entries of a page are dropped once mapped: 100,000 people take one compact map,
 * never two copies). Entries that cannot be mapped are skipped and reported. Throws LdapError
 * (nothing read is used) when the directory cannot be reached or refuses the bind or a search.
 */
export async function readDirectory(
  settings: LdapConnectionSettings,
  /** Called after each page of people with the entries read so far (a run's progress). */
  onPage?: (entriesRead: number) => Promise<void>,
): Promise<DirectoryContents> {
  const client = await bindService(settings);
  try {
    // FILTERS: the ids each rule's filter selects (only the id attribute), first rule wins.
    const ruleOfId = new Map<string, number>();
    if (settings.areaMode === "FILTERS") {
      for (const [index, rule] of settings.areaRules.entries()) {
        await pagedSearch(client, settings, `(&${settings.userFilter}${rule.match})`, [settings.externalIdAttribute], (entries) => {
          for (const entry of entries) {
            const id = externalIdOf(attributesOf(entry), settings);
            if (typeof id === "string" && !ruleOfId.has(id)) ruleOfId.set(id, index);
          }
        });
      }
    }
    const groupRules = settings.areaRules.map((rule) => ({ dn: normalizeDn(rule.match), areaId: rule.areaId }));
    const areaOf = (externalId: string, groups: string[]): string | null => {
      if (settings.areaMode === "FILTERS") {
        const index = ruleOfId.get(externalId);
        return index === undefined ? settings.defaultAreaId : settings.areaRules[index].areaId;
      }
      const member = new Set(groups);
      return groupRules.find((rule) => member.has(rule.dn))?.areaId ?? settings.defaultAreaId;
    };

    const contents: DirectoryContents = { people: new Map(), skippedIds: new Set(), problems: [], problemCount: 0, entries: 0 };
    const usernames = new Map<string, string>();
    const emails = new Map<string, string>();
    const report = (problem: EntryProblem) => {
      contents.problemCount++;
      if (contents.problems.length < PROBLEMS_KEPT) contents.problems.push(problem);
    };
    await pagedSearch(client, settings, settings.userFilter, requestedAttributes(settings), async (entries) => {
      for (const entry of entries) {
        contents.entries++;
        const person = personFromEntry(entry, settings, areaOf);
        if ("problem" in person) {
          if (person.externalId) contents.skippedIds.add(person.externalId);
          report({ dn: person.dn, problem: person.problem });
          continue;
        }
        const clash = contents.people.has(person.externalId)
          ? `has the same ${settings.externalIdAttribute} as another entry`
          : usernames.has(person.username)
            ? `has the same user name (${person.username}) as ${usernames.get(person.username)}`
            : emails.has(person.email)
              ? `has the same e-mail address (${person.email}) as ${emails.get(person.email)}`
              : null;
        if (clash) {
          contents.skippedIds.add(person.externalId);
          report({ dn: person.dn, problem: clash });
          continue;
        }
        usernames.set(person.username, person.dn);
        emails.set(person.email, person.dn);
        contents.people.set(person.externalId, person);
      }
      await onPage?.(contents.entries);
    });
    return contents;
  } finally {
    await client.unbind().catch(() => {});
  }
}
