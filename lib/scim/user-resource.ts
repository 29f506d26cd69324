import { createHash } from "node:crypto";
import { PRINTABLE } from "../licensing/schemas";
import { ScimError } from "./scim-error";

// The SCIM User resource (RFC 7643) as Seatkeeper maps it onto an account, both ways.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Our extension: the area the account lives in (by name). Absent means the primary area. */
export const SEATKEEPER_SCHEMA = "urn:ietf:params:scim:schemas:extension:seatkeeper:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** Core attributes we accept and ignore (stored elsewhere or not at all), lower-case. */
const IGNORED_CORE = new Set([
  "nickname",
  "profileurl",
  "title",
  "usertype",
  "preferredlanguage",
  "locale",
  "timezone",
  "password",
  "phonenumbers",
  "ims",
  "photos",
  "addresses",
  "groups",
  "entitlements",
  "roles",
  "x509certificates",
]);

/** What an account looks like to the directory, and what the directory may change. */
export type DirectoryUser = {
  userName: string;
  externalId: string | null;
  givenName: string;
  familyName: string;
  /** As the directory sent it; null shows "givenName familyName". */
  displayName: string | null;
  email: string;
  active: boolean;
  /** Area name, or null for the primary area. */
  area: string | null;
};

export type AccountForScim = {
  id: string;
  username: string;
  email: string;
  givenName: string;
  familyName: string;
  displayName: string | null;
  externalId: string | null;
  state: "ACTIVE" | "BLOCKED";
  blockedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  area: { name: string; pool: "PRIMARY" | "EXTRANET" };
};

/**
 * A weak ETag over what the directory sees of the user (everything but meta): it changes exactly
 * when the representation does, whichever code path wrote the row.
 */
export function etagOf(resource: unknown): string {
  return `W/"${createHash("sha256").update(JSON.stringify(resource)).digest("base64url").slice(0, 22)}"`;
}

export function toScimUser(account: AccountForScim, baseUrl: string) {
  const resource = {
    schemas: [USER_SCHEMA, SEATKEEPER_SCHEMA],
    id: account.id,
    ...(account.externalId ? { externalId: account.externalId } : {}),
    userName: account.username,
    name: { givenName: account.givenName, familyName: account.familyName, formatted: `${account.givenName} ${account.familyName}` },
    displayName: account.displayName ?? `${account.givenName} ${account.familyName}`,
    emails: [{ value: account.email, type: "work", primary: true }],
    active: account.state === "ACTIVE",
    [SEATKEEPER_SCHEMA]: {
      area: account.area.name,
      pool: account.area.pool === "PRIMARY" ? "primary" : "extranet",
      ...(account.state === "BLOCKED"
        ? {
            blockedReason:
              account.blockedReason === "NO_SEAT"
                ? "waiting for a seat"
                : account.blockedReason === "ADMIN"
                  ? "blocked by an administrator"
                  : account.blockedReason === "INACTIVE"
                    ? "inactive"
                    : "directory",
          }
        : {}),
    },
  };
  return {
    ...resource,
    meta: {
      resourceType: "User",
      created: account.createdAt.toISOString(),
      lastModified: account.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${account.id}`,
      version: etagOf(resource),
    },
  };
}

export type ScimUser = ReturnType<typeof toScimUser>;

/**
 * A body's attributes with schema qualification undone (RFC 7643 3.3, 7644 3.10): the core
 * schema as an object key (`"urn:…:core:2.0:User": {"userName": …}`) or a prefix
 * (`"urn:…:core:2.0:User:userName"`) becomes the plain attribute, and an extension attribute
 * written as `"<extension URN>:area"` moves into that extension's object.
 */
export function unqualifyAttributes(body: Record<string, unknown>): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  const set = (target: Record<string, unknown>, key: string, value: unknown, what: string) => {
    if (attr(target, key) !== undefined) throw new ScimError(400, `${what} is given twice.`, "invalidSyntax");
    target[key] = value;
  };
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === USER_SCHEMA.toLowerCase()) {
      if (!isObject(value)) throw new ScimError(400, `${USER_SCHEMA} must be an object of User attributes.`, "invalidSyntax");
      for (const [inner, innerValue] of Object.entries(value)) set(plain, inner, innerValue, inner);
    } else if (lower.startsWith(USER_SCHEMA.toLowerCase() + ":")) {
      set(plain, key.slice(USER_SCHEMA.length + 1), value, key);
    } else {
      const extension = [ENTERPRISE_SCHEMA, SEATKEEPER_SCHEMA].find(
        (e) => lower === e.toLowerCase() || lower.startsWith(e.toLowerCase() + ":"),
      );
      if (!extension) {
        set(plain, key, value, key);
        continue;
      }
      const entries = lower === extension.toLowerCase() ? value : { [key.slice(extension.length + 1)]: value };
      if (!isObject(entries)) throw new ScimError(400, `${extension} must be an object.`, "invalidValue");
      const object = (plain[extension] ??= {}) as Record<string, unknown>;
      for (const [inner, innerValue] of Object.entries(entries)) set(object, inner, innerValue, `${extension}:${inner}`);
    }
  }
  return plain;
}

/** Case-insensitive attribute lookup (RFC 7643 2.1: attribute names are case-insensitive). */
export function attr(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readString(value: unknown, what: string, options: { required?: boolean; max?: number } = {}): string | undefined {
  if (value === undefined || value === null) {
    if (options.required) throw new ScimError(400, `${what} is required.`, "invalidValue");
    return undefined;
  }
  if (typeof value !== "string") throw new ScimError(400, `${what} must be a string.`, "invalidValue");
  if (value.length > (options.max ?? 256))
    throw new ScimError(400, `${what} is too long (at most ${options.max ?? 256} characters).`, "invalidValue");
  if (!PRINTABLE.test(value)) throw new ScimError(400, `${what} holds control characters.`, "invalidValue");
  return value;
}

/** Booleans as Okta sends them (true) and as Entra sometimes does ("True"). */
export function readBoolean(value: unknown, what: string): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, `${what} must be true or false.`, "invalidValue");
}

/** The primary e-mail of an `emails` value: the one marked primary, else "work", else the first. */
export function readEmails(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ScimError(400, "emails must be a list.", "invalidValue");
  if (value.length === 0) return undefined;
  for (const entry of value)
    if (!isObject(entry)) throw new ScimError(400, "Each of emails must be an object with a value.", "invalidValue");
  const entries = value as Record<string, unknown>[];
  const pick =
    entries.find((e) => attr(e, "primary") === true) ??
    entries.find((e) => String(attr(e, "type") ?? "").toLowerCase() === "work") ??
    entries[0];
  return readString(attr(pick, "value"), "emails.value", { required: true });
}

/** Reads a full User from a POST or PUT body; unknown attributes are refused, known unused ones ignored. */
export function readUserResource(raw: unknown): DirectoryUser {
  if (!isObject(raw)) throw new ScimError(400, "The body must be a JSON object (a SCIM User).", "invalidSyntax");
  const body = unqualifyAttributes(raw);
  const schemas = attr(body, "schemas");
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === USER_SCHEMA.toLowerCase()))
  ) {
    throw new ScimError(400, `schemas must include ${USER_SCHEMA}.`, "invalidSyntax");
  }
  let area: string | null = null;
  for (const key of Object.keys(body)) {
    const lower = key.toLowerCase();
    if (
      ["schemas", "id", "meta", "externalid", "username", "name", "displayname", "emails", "active"].includes(lower) ||
      IGNORED_CORE.has(lower)
    )
      continue;
    if (lower === ENTERPRISE_SCHEMA.toLowerCase()) continue;
    if (lower === SEATKEEPER_SCHEMA.toLowerCase()) {
      const ext = body[key];
      if (!isObject(ext)) throw new ScimError(400, `${SEATKEEPER_SCHEMA} must be an object.`, "invalidValue");
      area = readString(attr(ext, "area"), "area", { max: 200 }) ?? null;
      continue;
    }
    throw new ScimError(400, `Unknown attribute "${key}": it is in none of the schemas this service provider supports.`, "invalidSyntax");
  }
  const userName = readString(attr(body, "userName"), "userName", { required: true })!;
  const name = attr(body, "name");
  if (name !== undefined && name !== null && !isObject(name)) throw new ScimError(400, "name must be an object.", "invalidValue");
  const displayName = readString(attr(body, "displayName"), "displayName", { max: 200 })?.trim() || null;
  const [displayGiven, ...displayFamily] = (displayName ?? "").trim().split(/\s+/);
  const givenName = (name && readString(attr(name, "givenName"), "name.givenName")) || displayGiven || userName.split("@")[0];
  const familyName = (name && readString(attr(name, "familyName"), "name.familyName")) || displayFamily.join(" ") || "-";
  const email = readEmails(attr(body, "emails")) ?? (userName.includes("@") ? userName : undefined);
  if (!email)
    throw new ScimError(400, "An e-mail address is required: send emails, or a userName that is an e-mail address.", "invalidValue");
  const active = attr(body, "active");
  return {
    userName,
    externalId: readString(attr(body, "externalId"), "externalId", { max: 200 }) ?? null,
    givenName,
    familyName,
    displayName,
    email,
    active: active === undefined ? true : readBoolean(active, "active"),
    area,
  };
}

export { IGNORED_CORE };
