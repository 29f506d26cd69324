import type { AttributeSelection } from "./list-query";
import { ScimError } from "./scim-error";
import { attr, isObject, readString } from "./user-resource";

// The SCIM Group resource (RFC 7643 4.2) as Seatkeeper keeps it: a name, an optional external id,
// and members that are users (accounts). Nested groups are not supported.

export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A group as the directory describes it in a POST or PUT. */
export type DirectoryGroup = { displayName: string; externalId: string | null; memberIds: string[] };

export function readDisplayName(value: unknown): string {
  const name = readString(value, "displayName", { required: true })!.trim();
  if (!name) throw new ScimError(400, "displayName cannot be empty.", "invalidValue");
  return name;
}

export function readExternalId(value: unknown): string | null {
  return readString(value, "externalId", { max: 200 }) ?? null;
}

/**
 * The account ids of a `members` value: `[{"value": "<user id>"}, ...]`. Ids are checked against
 * the accounts later (unknown ones are a 400); here only the shape is.
 */
export function readMemberIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value]; // a single member object, as some clients send
  const ids: string[] = [];
  for (const entry of list) {
    if (!isObject(entry)) throw new ScimError(400, 'Each member must be an object: {"value": "<user id>"}.', "invalidValue");
    const type = attr(entry, "type");
    if (typeof type === "string" && type.toLowerCase() === "group") {
      throw new ScimError(400, "Groups cannot be members of groups here: add their users instead.", "invalidValue");
    }
    const id = attr(entry, "value");
    if (typeof id !== "string" || !id) throw new ScimError(400, 'Each member needs a "value": the id of a user.', "invalidValue");
    ids.push(id);
  }
  return ids;
}

/** Reads a full Group from a POST or PUT body; unknown attributes are refused. */
export function readGroupResource(body: unknown): DirectoryGroup {
  if (!isObject(body)) throw new ScimError(400, "The body must be a JSON object (a SCIM Group).", "invalidSyntax");
  const schemas = attr(body, "schemas");
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === GROUP_SCHEMA.toLowerCase()))
  ) {
    throw new ScimError(400, `schemas must include ${GROUP_SCHEMA}.`, "invalidSyntax");
  }
  // Attributes qualified by the Group schema URN ("urn:...:Group": {...} or "urn:...:Group:displayName").
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    const prefix = GROUP_SCHEMA.toLowerCase();
    if (lower === prefix && isObject(value)) Object.assign(flat, value);
    else if (lower.startsWith(prefix + ":")) flat[key.slice(prefix.length + 1)] = value;
    else flat[key] = value;
  }
  for (const key of Object.keys(flat)) {
    if (!["schemas", "id", "meta", "externalid", "displayname", "members"].includes(key.toLowerCase())) {
      throw new ScimError(400, `Unknown attribute "${key}": a Group has displayName, externalId and members.`, "invalidSyntax");
    }
  }
  return {
    displayName: readDisplayName(attr(flat, "displayName")),
    externalId: readExternalId(attr(flat, "externalId")),
    memberIds: readMemberIds(attr(flat, "members")),
  };
}

export type GroupForScim = {
  id: string;
  displayName: string;
  externalId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export function groupEtag(group: Pick<GroupForScim, "version">): string {
  return `W/"${group.version}"`;
}

/**
 * Whether a response with this attribute selection (RFC 7644 3.4.2.5) shows members: they cost a
 * query, so a group is read without them when the client left them out (Entra's
 * excludedAttributes=members).
 */
export function selectsMembers(selection: AttributeSelection): boolean {
  const plain = (name: string) => {
    const lower = name.toLowerCase();
    return lower.startsWith(GROUP_SCHEMA.toLowerCase() + ":") ? lower.slice(GROUP_SCHEMA.length + 1) : lower;
  };
  if (selection.attributes && !selection.attributes.some((a) => plain(a) === "members" || plain(a).startsWith("members."))) return false;
  return !selection.excludedAttributes?.some((a) => plain(a) === "members");
}

/** The resource as returned, before attribute selection; members null: not read (left out). */
export function toScimGroup(group: GroupForScim, members: { id: string; username: string }[] | null, baseUrl: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    ...(members
      ? { members: members.map((m) => ({ value: m.id, $ref: `${baseUrl}/Users/${m.id}`, display: m.username, type: "User" })) }
      : {}),
    meta: {
      resourceType: "Group",
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: groupEtag(group),
    },
  };
}
