import { PRINTABLE } from "../licensing/schemas";
import { ScimError } from "./scim-error";

// The filters directories send to find a user before creating it (RFC 7644 3.4.2.2), as far as
// we support them: `<attribute> eq <value>` joined by `and`. Anything else is an invalidFilter
// error, never silently ignored (an ignored filter would return everyone).

export const FILTERABLE = {
  username: "userName",
  externalid: "externalId",
  "emails.value": "emails.value",
  id: "id",
  active: "active",
} as const;
export type FilterAttribute = (typeof FILTERABLE)[keyof typeof FILTERABLE];
export type FilterClause = { attribute: FilterAttribute; value: string | boolean };

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(\()|(\))|([^\s()"]+))/y;

function tokenize(filter: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(filter);
    if (!match) {
      if (/^\s*$/.test(filter.slice(start))) break;
      throw new ScimError(400, `The filter could not be read near "${filter.slice(start, start + 20)}".`, "invalidFilter");
    }
    tokens.push(match[0].trim());
  }
  return tokens.filter(Boolean);
}

function attributeOf(raw: string): FilterAttribute {
  // Attribute names are case-insensitive (RFC 7643 2.1); a schema URN prefix may be given.
  const name = raw.replace(/^urn:ietf:params:scim:schemas:core:2\.0:User:/i, "").toLowerCase();
  const known = FILTERABLE[name as keyof typeof FILTERABLE];
  if (!known) {
    throw new ScimError(
      400,
      `Filtering on "${raw}" is not supported: use userName, externalId, emails.value, id or active with eq.`,
      "invalidFilter",
    );
  }
  return known;
}

function valueOf(raw: string | undefined, attribute: FilterAttribute): string | boolean {
  if (raw === undefined) throw new ScimError(400, "The filter ends before its value.", "invalidFilter");
  if (attribute === "active") {
    if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
    throw new ScimError(400, "active can only be compared with true or false.", "invalidFilter");
  }
  if (!raw.startsWith('"')) throw new ScimError(400, `The value ${raw} must be a quoted string.`, "invalidFilter");
  let value: string;
  try {
    value = JSON.parse(raw) as string;
  } catch {
    throw new ScimError(400, `The value ${raw} is not a valid string.`, "invalidFilter");
  }
  if (!PRINTABLE.test(value)) throw new ScimError(400, "Filter values cannot hold control characters.", "invalidFilter");
  return value;
}

export function parseFilter(filter: string): FilterClause[] {
  if (filter.length > 1000) throw new ScimError(400, "The filter is too long.", "invalidFilter");
  const tokens = tokenize(filter);
  if (tokens.length === 0) throw new ScimError(400, "The filter is empty.", "invalidFilter");
  const clauses: FilterClause[] = [];
  let i = 0;
  for (;;) {
    const [attr, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (attr === "(" || attr === "not") throw new ScimError(400, "Grouping and not are not supported in filters.", "invalidFilter");
    const attribute = attributeOf(attr);
    if (op?.toLowerCase() !== "eq") {
      throw new ScimError(400, `The operator "${op ?? ""}" is not supported: only eq (joined with and) is.`, "invalidFilter");
    }
    clauses.push({ attribute, value: valueOf(value, attribute) });
    i += 3;
    if (i >= tokens.length) return clauses;
    if (tokens[i].toLowerCase() !== "and") {
      throw new ScimError(400, `Only "and" may join filter expressions, not "${tokens[i]}".`, "invalidFilter");
    }
    i += 1;
    if (i >= tokens.length) throw new ScimError(400, 'The filter ends after "and".', "invalidFilter");
  }
}
