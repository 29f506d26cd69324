import { ScimError } from "./scim-error";

// ETag preconditions (RFC 7644 3.14, RFC 9110 13.1): If-Match on writes, If-None-Match on reads.
// Tags are compared weakly (W/ ignored): meta.version is a weak tag, and clients send it back as
// they received it.

function tagsOf(header: string): string[] {
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//i, ""))
    .filter(Boolean);
}

function matches(header: string, version: string): boolean {
  const tags = tagsOf(header);
  return tags.includes("*") || tags.includes(version.replace(/^W\//i, ""));
}

/** Refuses a write with 412 when If-Match names none of the resource's current version. */
export function assertIfMatch(header: string | null, version: string): void {
  if (header === null || header.trim() === "") return;
  if (!matches(header, version)) {
    throw new ScimError(412, `The resource has changed: its version is now ${version}, not ${header.trim()}. Fetch it again.`);
  }
}

/** True when a GET may answer 304 Not Modified. */
export function notModified(header: string | null, version: string): boolean {
  return header !== null && header.trim() !== "" && matches(header, version);
}
