import type { Prisma } from "../generated/prisma/client";
import { PRINTABLE } from "../licensing/schemas";
import { GROUP_SCHEMA, isUuid } from "./group-resource";
import { ScimError } from "./scim-error";

// The filters Entra ID and Okta send on /Groups: `displayName eq "x"` to find a group before
// creating it, `id eq`/`externalId eq`, and Entra's membership check
// `id eq "g" and members[value eq "u"]`. Terms are joined by `and`; anything else is an
// invalidFilter error (an ignored filter would answer every group).

const SUPPORTED = 'displayName, externalId, id or members.value with eq (members[value eq "..."] too), joined by and';

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|([()[\]])|([^\s()[\]"]+))/y;

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
    const token = match[0].trim();
    if (token) tokens.push(token);
  }
  return tokens;
}

type Attribute = "displayName" | "externalId" | "id" | "members.value";

function attributeOf(raw: string | undefined): Attribute {
  const name = (raw ?? "").toLowerCase().replace(GROUP_SCHEMA.toLowerCase() + ":", "");
  const known = ({ displayname: "displayName", externalid: "externalId", id: "id", "members.value": "members.value" } as const)[
    name as "displayname"
  ];
  if (!known) throw new ScimError(400, `Filtering groups on "${raw ?? ""}" is not supported: use ${SUPPORTED}.`, "invalidFilter");
  return known;
}

function valueOf(raw: string | undefined): string {
  if (raw === undefined) throw new ScimError(400, "The filter ends before its value.", "invalidFilter");
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

function expectEq(op: string | undefined) {
  if (op?.toLowerCase() !== "eq")
    throw new ScimError(400, `The operator "${op ?? ""}" is not supported on groups: use ${SUPPORTED}.`, "invalidFilter");
}

function clause(attribute: Attribute, value: string): Prisma.ScimGroupWhereInput {
  switch (attribute) {
    case "displayName": // caseExact false (RFC 7643 4.2): compared through the lower-cased key
      return { displayNameKey: value.toLowerCase() };
    case "externalId":
      return { externalId: value };
    case "id":
      return isUuid(value) ? { id: value } : { id: { in: [] } };
    case "members.value":
      return isUuid(value) ? { members: { some: { accountId: value } } } : { id: { in: [] } };
  }
}

/** Parses a /Groups filter into a Prisma condition with exact comparisons only. */
export function parseGroupFilter(filter: string): Prisma.ScimGroupWhereInput {
  if (filter.length > 1000) throw new ScimError(400, "The filter is too long.", "invalidFilter");
  const tokens = tokenize(filter);
  if (tokens.length === 0) throw new ScimError(400, "The filter is empty.", "invalidFilter");
  const and: Prisma.ScimGroupWhereInput[] = [];
  let i = 0;
  for (;;) {
    if (tokens[i]?.toLowerCase() === "members" && tokens[i + 1] === "[") {
      // members[value eq "id"]
      if (tokens[i + 2]?.toLowerCase() !== "value") throw new ScimError(400, 'Use members[value eq "<user id>"].', "invalidFilter");
      expectEq(tokens[i + 3]);
      const value = valueOf(tokens[i + 4]);
      if (tokens[i + 5] !== "]") throw new ScimError(400, 'members[...] must close with "]".', "invalidFilter");
      and.push(clause("members.value", value));
      i += 6;
    } else {
      if (tokens[i] === "(" || tokens[i]?.toLowerCase() === "not")
        throw new ScimError(400, `Grouping and not are not supported on groups: use ${SUPPORTED}.`, "invalidFilter");
      const attribute = attributeOf(tokens[i]);
      expectEq(tokens[i + 1]);
      and.push(clause(attribute, valueOf(tokens[i + 2])));
      i += 3;
    }
    if (i >= tokens.length) return { AND: and };
    if (tokens[i].toLowerCase() !== "and")
      throw new ScimError(400, `Only "and" may join group filter expressions, not "${tokens[i]}".`, "invalidFilter");
    i += 1;
    if (i >= tokens.length) throw new ScimError(400, 'The filter ends after "and".', "invalidFilter");
  }
}
