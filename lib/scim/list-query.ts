import { isObject, attr } from "./user-resource";
import { parseFilter, type Filter } from "./filter";
import { ScimError } from "./scim-error";

// The query of a list or search (RFC 7644 3.4.2 and 3.4.3), read the same way from a GET's query
// string and from a POST .search body, for any resource type.

export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const MAX_PAGE_SIZE = 200;
// PostgreSQL offsets are 64-bit, Prisma's are 32-bit: a larger startIndex cannot name a real page.
const MAX_PAGING_NUMBER = 2_147_483_647;

export type AttributeSelection = {
  /** Only these (plus id and schemas); null: every attribute returned by default. */
  attributes: string[] | null;
  /** All but these (never id or schemas). */
  excludedAttributes: string[] | null;
};

export type ListQuery = AttributeSelection & {
  filter: Filter | null;
  sortBy: string | null;
  sortOrder: "ascending" | "descending";
  startIndex: number;
  count: number;
};

function pagingNumber(name: string, raw: unknown, fallback: number): number {
  if (raw === null || raw === undefined || raw === "") return fallback;
  if (typeof raw === "number" ? !Number.isInteger(raw) : typeof raw !== "string" || !/^-?\d+$/.test(raw)) {
    throw new ScimError(400, `${name} must be an integer.`, "invalidValue");
  }
  const value = Number(raw);
  if (Math.abs(value) > MAX_PAGING_NUMBER) throw new ScimError(400, `${name} must be at most ${MAX_PAGING_NUMBER}.`, "invalidValue");
  return value;
}

function attributeList(name: string, raw: unknown): string[] | null {
  if (raw === null || raw === undefined || raw === "") return null;
  const list = typeof raw === "string" ? raw.split(",") : Array.isArray(raw) && raw.every((a) => typeof a === "string") ? raw : null;
  if (!list) throw new ScimError(400, `${name} must be a list of attribute names.`, "invalidValue");
  const names = list.map((a) => a.trim()).filter(Boolean);
  if (names.length > 50 || names.some((a) => a.length > 200))
    throw new ScimError(400, `${name} names too many attributes.`, "invalidValue");
  return names.length ? names : null;
}

function sortOrderOf(raw: unknown): ListQuery["sortOrder"] {
  if (raw === null || raw === undefined || raw === "") return "ascending";
  if (typeof raw === "string" && /^(ascending|descending)$/i.test(raw)) return raw.toLowerCase() as ListQuery["sortOrder"];
  throw new ScimError(400, `sortOrder must be "ascending" or "descending", not ${JSON.stringify(raw)}.`, "invalidValue");
}

function listQueryOf(get: (name: string) => unknown): ListQuery {
  const filter = get("filter");
  if (filter !== null && filter !== undefined && typeof filter !== "string")
    throw new ScimError(400, "filter must be a string.", "invalidFilter");
  const sortBy = get("sortBy");
  if (sortBy !== null && sortBy !== undefined && typeof sortBy !== "string")
    throw new ScimError(400, "sortBy must be a string.", "invalidValue");
  return {
    filter: filter === null || filter === undefined ? null : parseFilter(filter),
    sortBy: sortBy?.trim() || null,
    sortOrder: sortOrderOf(get("sortOrder")),
    // RFC 7644 3.4.2.4: a startIndex below 1 is read as 1, a negative count as 0.
    startIndex: Math.max(1, pagingNumber("startIndex", get("startIndex"), 1)),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, pagingNumber("count", get("count"), 100))),
    attributes: attributeList("attributes", get("attributes")),
    excludedAttributes: attributeList("excludedAttributes", get("excludedAttributes")),
  };
}

export function listQueryFromUrl(url: URL): ListQuery {
  return listQueryOf((name) => url.searchParams.get(name));
}

export function attributeSelectionFromUrl(url: URL): AttributeSelection {
  return {
    attributes: attributeList("attributes", url.searchParams.get("attributes")),
    excludedAttributes: attributeList("excludedAttributes", url.searchParams.get("excludedAttributes")),
  };
}

/** A POST .search body (RFC 7644 3.4.3). */
export function listQueryFromSearchRequest(body: unknown): ListQuery {
  if (!isObject(body)) throw new ScimError(400, "The body must be a JSON object (a SearchRequest).", "invalidSyntax");
  const schemas = attr(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
    throw new ScimError(400, `schemas must be ["${SEARCH_REQUEST_SCHEMA}"].`, "invalidSyntax");
  }
  const known = ["schemas", "filter", "sortby", "sortorder", "startindex", "count", "attributes", "excludedattributes"];
  const unknown = Object.keys(body).find((k) => !known.includes(k.toLowerCase()));
  if (unknown) throw new ScimError(400, `Unknown SearchRequest attribute "${unknown}".`, "invalidSyntax");
  return listQueryOf((name) => attr(body, name));
}
