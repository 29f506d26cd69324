import { ScimError } from "./scim-error";
import { attr, isObject, PATCH_SCHEMA } from "./user-resource";

export type PatchOp = "add" | "replace" | "remove";

/**
 * Reads a PatchOp body (RFC 7644 3.5.2) and hands each operation to `apply`, in order, with its
 * path; an operation without a path hands over each key of its value object as a path (Okta's
 * and Entra's path-less forms). Users and groups differ only in what `apply` does.
 */
export function forEachPatchOperation(
  body: unknown,
  maxOperations: number,
  apply: (op: PatchOp, path: string, value: unknown) => void,
): void {
  if (!isObject(body)) throw new ScimError(400, "The body must be a JSON object (a PatchOp).", "invalidSyntax");
  const schemas = attr(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_SCHEMA.toLowerCase())) {
    throw new ScimError(400, `schemas must be ["${PATCH_SCHEMA}"].`, "invalidSyntax");
  }
  const operations = attr(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimError(400, "Operations must be a non-empty list.", "invalidSyntax");
  if (operations.length > maxOperations) throw new ScimError(400, `At most ${maxOperations} operations per request.`, "tooMany");
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
      apply(op, path, value);
    } else {
      if (op === "remove") throw new ScimError(400, "remove needs a path.", "noTarget");
      if (!isObject(value)) throw new ScimError(400, `A ${op} without a path needs an object value.`, "invalidValue");
      for (const key of Object.keys(value)) apply(op, key, value[key]);
    }
  }
}
