import { GROUP_SCHEMA, readDisplayName, readExternalId, readMemberIds } from "./group-resource";
import { forEachPatchOperation } from "./patch-operations";
import { ScimError } from "./scim-error";

// PATCH on a group (RFC 7644 3.5.2) in the forms directories send:
// - RFC:   {"op":"add","path":"members","value":[{"value":id}]},
//          {"op":"remove","path":"members[value eq \"id\"]"}, {"op":"replace","path":"members",...}
// - Okta:  {"op":"replace","value":{"id":...,"displayName":...}} and the two member forms above
// - Entra: {"op":"Add"/"Remove","path":"members","value":[{"value":id}]} (its remove with a value
//          is not in the RFC), {"op":"Replace","path":"displayName","value":...}
// The ops are applied, in order, to a copy of the group; the caller writes the difference.

export type GroupState = { displayName: string; externalId: string | null; members: Set<string> };

type Op = "add" | "replace" | "remove";

const MEMBER_FILTER = /^members\s*\[\s*value\s+eq\s+("(?:[^"\\]|\\.)*")\s*\]$/i;

function normalisePath(path: string): string {
  const p = path.trim();
  return p.toLowerCase().startsWith(GROUP_SCHEMA.toLowerCase() + ":") ? p.slice(GROUP_SCHEMA.length + 1) : p;
}

function applyOne(group: GroupState, op: Op, rawPath: string, value: unknown): void {
  const path = normalisePath(rawPath);
  const lower = path.toLowerCase();
  if (lower === "displayname") {
    if (op === "remove") throw new ScimError(400, "displayName is required and cannot be removed.", "mutability");
    group.displayName = readDisplayName(value);
  } else if (lower === "externalid") {
    group.externalId = op === "remove" ? null : readExternalId(value);
  } else if (lower === "members") {
    if (op === "replace") group.members = new Set(readMemberIds(value));
    else if (op === "add") for (const id of readMemberIds(value)) group.members.add(id);
    // remove: without a value, every member; with one (Entra's form), those members.
    else if (value === undefined || value === null) group.members.clear();
    else for (const id of readMemberIds(value)) group.members.delete(id);
  } else if (MEMBER_FILTER.test(path)) {
    if (op !== "remove") throw new ScimError(400, `Use "members" as the path to ${op} members.`, "invalidPath");
    let id: string;
    try {
      id = JSON.parse(MEMBER_FILTER.exec(path)![1]) as string;
    } catch {
      throw new ScimError(400, `The path "${rawPath}" holds an invalid string.`, "invalidPath");
    }
    group.members.delete(id);
  } else if (lower === "id" || lower === "meta" || lower === "schemas") {
    return; // read-only: Okta repeats the id in its replace value
  } else {
    throw new ScimError(400, `Unknown attribute path "${rawPath}" on a group: use displayName, externalId or members.`, "invalidPath");
  }
}

export function applyGroupPatch(current: GroupState, body: unknown): GroupState {
  const group: GroupState = { ...current, members: new Set(current.members) };
  forEachPatchOperation(body, 1000, (op, path, value) => applyOne(group, op, path, value));
  return group;
}
