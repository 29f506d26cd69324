import { ScimError } from "./scim-error";
import {
  attr,
  ENTERPRISE_SCHEMA,
  IGNORED_CORE,
  isObject,
  PATCH_SCHEMA,
  readBoolean,
  readEmails,
  readString,
  SEATKEEPER_SCHEMA,
  USER_SCHEMA,
  type DirectoryUser,
} from "./user-resource";

// PATCH (RFC 7644 3.5.2) on a user, in the forms Okta and Entra ID send: add/replace/remove with
// a path ("active", "name.givenName", 'emails[type eq "work"].value', extension URNs) or without
// one (a value object whose keys are attributes or dotted paths). Ops are applied to a copy of
// the user; the caller turns the difference into licensing operations.

type Op = "add" | "replace" | "remove";

function normalisePath(path: string): string {
  let p = path.trim();
  if (p.toLowerCase().startsWith(USER_SCHEMA.toLowerCase() + ":")) p = p.slice(USER_SCHEMA.length + 1);
  return p;
}

function applyOne(user: DirectoryUser, op: Op, rawPath: string, value: unknown): void {
  const path = normalisePath(rawPath);
  const lower = path.toLowerCase();
  const needValue = () => {
    if (op === "remove") throw new ScimError(400, `"${path}" is required and cannot be removed.`, "mutability");
    if (value === undefined) throw new ScimError(400, `The ${op} of "${path}" has no value.`, "invalidValue");
  };
  if (lower === "active") {
    if (op === "remove") return; // nothing to remove: the account keeps its state
    user.active = readBoolean(value, "active");
  } else if (lower === "username") {
    needValue();
    user.userName = readString(value, "userName", { required: true })!;
  } else if (lower === "externalid") {
    user.externalId = op === "remove" ? null : (readString(value, "externalId", { max: 200 }) ?? null);
  } else if (lower === "name.givenname") {
    needValue();
    user.givenName = readString(value, "name.givenName", { required: true })!;
  } else if (lower === "name.familyname") {
    needValue();
    user.familyName = readString(value, "name.familyName", { required: true })!;
  } else if (lower === "name") {
    needValue();
    if (!isObject(value)) throw new ScimError(400, "name must be an object.", "invalidValue");
    for (const key of Object.keys(value)) applyOne(user, op, `name.${key}`, value[key]);
  } else if (lower === "displayname") {
    user.displayName = op === "remove" ? null : readString(value, "displayName", { max: 200 })?.trim() || null;
  } else if (lower === "name.formatted") {
    return; // derived from the given and family names
  } else if (lower === USER_SCHEMA.toLowerCase()) {
    // The core schema as a key of a path-less value: its attributes, unqualified.
    if (!isObject(value)) throw new ScimError(400, `${USER_SCHEMA} must be an object of User attributes.`, "invalidValue");
    for (const key of Object.keys(value)) applyOne(user, op, key, value[key]);
  } else if (lower === "emails" || /^emails\[.*\]\.value$/.test(lower) || lower === "emails.value") {
    needValue();
    const email = lower === "emails" ? readEmails(value) : readString(value, "emails.value", { required: true });
    if (!email) throw new ScimError(400, "An account needs an e-mail address.", "invalidValue");
    user.email = email;
  } else if (lower === `${SEATKEEPER_SCHEMA.toLowerCase()}:area`) {
    user.area = op === "remove" ? null : (readString(value, "area", { max: 200 }) ?? null);
  } else if (lower === SEATKEEPER_SCHEMA.toLowerCase()) {
    if (op === "remove") user.area = null;
    else if (isObject(value)) for (const key of Object.keys(value)) applyOne(user, op, `${SEATKEEPER_SCHEMA}:${key}`, value[key]);
    else throw new ScimError(400, `${SEATKEEPER_SCHEMA} must be an object.`, "invalidValue");
  } else if (lower.startsWith(ENTERPRISE_SCHEMA.toLowerCase()) || IGNORED_CORE.has(lower.split(/[.[]/)[0])) {
    return; // known attributes we do not keep
  } else {
    throw new ScimError(400, `Unknown attribute path "${rawPath}".`, "invalidPath");
  }
}

export function applyPatch(current: DirectoryUser, body: unknown): DirectoryUser {
  if (!isObject(body)) throw new ScimError(400, "The body must be a JSON object (a PatchOp).", "invalidSyntax");
  const schemas = attr(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_SCHEMA.toLowerCase())) {
    throw new ScimError(400, `schemas must be ["${PATCH_SCHEMA}"].`, "invalidSyntax");
  }
  const operations = attr(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimError(400, "Operations must be a non-empty list.", "invalidSyntax");
  if (operations.length > 100) throw new ScimError(400, "At most 100 operations per request.", "tooMany");
  const user = { ...current };
  for (const operation of operations) {
    if (!isObject(operation)) throw new ScimError(400, "Each operation must be an object.", "invalidSyntax");
    const op = String(attr(operation, "op") ?? "").toLowerCase();
    if (op !== "add" && op !== "replace" && op !== "remove") {
      throw new ScimError(400, `Unknown op "${String(attr(operation, "op"))}": use add, replace or remove.`, "invalidSyntax");
    }
    const path = attr(operation, "path");
    const value = attr(operation, "value");
    if (path !== undefined && path !== null) {
      if (typeof path !== "string" || path.length > 300) throw new ScimError(400, "path must be a string.", "invalidPath");
      applyOne(user, op, path, value);
    } else {
      if (op === "remove") throw new ScimError(400, "remove needs a path.", "noTarget");
      if (!isObject(value)) throw new ScimError(400, `A ${op} without a path needs an object value.`, "invalidValue");
      for (const key of Object.keys(value)) applyOne(user, op, key, value[key]);
    }
  }
  return user;
}
