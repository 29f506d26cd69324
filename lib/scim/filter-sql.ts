import { Prisma } from "../generated/prisma/client";
import type { AttributePath, Filter, FilterValue } from "./filter";
import { parseAttributePath } from "./filter";
import { ScimError } from "./scim-error";

// Turns a parsed SCIM filter into a parameterised SQL condition, given what each SCIM attribute
// is in SQL. Values only ever travel as parameters; co/sw/ew escape LIKE's own % _ and \, so every
// comparison is exact. Case-insensitive attributes (RFC 7643 caseExact false) compare lower-cased.

export type FilterColumn = {
  /** The attribute's value for one row, as an SQL expression (a column, a constant, a subquery). */
  sql: Prisma.Sql;
  /** "boolean" columns are boolean expressions (`a.state = 'ACTIVE'`). */
  type: "string" | "boolean" | "dateTime" | "uuid";
  /** RFC 7643 caseExact; false (the default) compares case-insensitively. */
  caseExact?: boolean;
  /** The column holds lower-case text already: compared as it is, so its index serves. */
  storedLowerCase?: boolean;
  nullable?: boolean;
};

export type FilterSchema = {
  /** The resource's core schema URN: an attribute qualified by it is the plain attribute. */
  coreSchema: string;
  /**
   * Keyed by attribute path as the schema spells it ("userName", "name.givenName", a
   * multi-valued attribute's sub-attributes as "emails.type", extension attributes as
   * "<extension URN>:area"). Looked up case-insensitively.
   */
  attributes: Record<string, FilterColumn>;
  /**
   * A multi-valued attribute kept in its own table: given the condition on one of its values
   * (translated from `attr[filter]`, or from `attr.sub op value`, whose sub-attributes are looked
   * up as "attr.sub" and may refer to that table's alias), the condition on the resource (an
   * EXISTS over the table, say). `attr op value` compares "attr.value", and `attr pr` holds when
   * the resource has any value. Without an entry, "attr.sub" columns are columns of the row.
   */
  valuePaths?: Record<string, (valueCondition: Prisma.Sql) => Prisma.Sql>;
};

function invalid(message: string): ScimError {
  return new ScimError(400, message, "invalidFilter");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function lowerKeyed<T>(record: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

const indexes = new WeakMap<
  FilterSchema,
  { attributes: Map<string, FilterColumn>; valuePaths: Map<string, (valueCondition: Prisma.Sql) => Prisma.Sql> }
>();

function indexOf(schema: FilterSchema) {
  let index = indexes.get(schema);
  if (!index) {
    index = { attributes: lowerKeyed(schema.attributes), valuePaths: lowerKeyed(schema.valuePaths ?? {}) };
    indexes.set(schema, index);
  }
  return index;
}

function keyOf(attribute: AttributePath, schema: FilterSchema, prefix: string): string {
  if (attribute.schema === null || attribute.schema.toLowerCase() === schema.coreSchema.toLowerCase()) {
    return (prefix + attribute.path).toLowerCase();
  }
  if (prefix) throw invalid(`"${attribute.text}" inside a value path must be a sub-attribute name.`);
  return `${attribute.schema}:${attribute.path}`.toLowerCase();
}

function supported(schema: FilterSchema): string {
  return Object.keys(schema.attributes).join(", ");
}

/** The column behind an attribute path; an unknown attribute is an invalidFilter error. */
export function resolveAttribute(attribute: AttributePath, schema: FilterSchema, prefix = ""): FilterColumn {
  const column = indexOf(schema).attributes.get(keyOf(attribute, schema, prefix));
  if (!column) {
    const name = prefix ? `${prefix}${attribute.path}` : attribute.text;
    throw invalid(`Unknown attribute "${name}": filters and sorting can use ${supported(schema)}.`);
  }
  return column;
}

/** Resolves an attribute written as text (sortBy); null when the text is no attribute path. */
export function resolveAttributeText(text: string, schema: FilterSchema): FilterColumn | null {
  const attribute = parseAttributePath(text.trim());
  return attribute ? resolveAttribute(attribute, schema) : null;
}

/**
 * The ORDER BY key of a sortBy (RFC 7644 3.4.2.3), without direction: caseExact false sorts
 * case-insensitively, by code point on every server. Attributes with several values per resource
 * (kept in their own table) cannot be sorted on; an unknown one is an invalidValue error.
 */
export function sortKeySql(sortBy: string, schema: FilterSchema): Prisma.Sql {
  const attribute = parseAttributePath(sortBy.trim());
  if (!attribute) throw new ScimError(400, `sortBy "${sortBy}" is not an attribute name.`, "invalidValue");
  const owner = attribute.path.split(".")[0].toLowerCase();
  const core = attribute.schema === null || attribute.schema.toLowerCase() === schema.coreSchema.toLowerCase();
  if (core && indexOf(schema).valuePaths.has(owner))
    throw new ScimError(400, `Cannot sort by "${sortBy}": a resource has several of them.`, "invalidValue");
  let column: FilterColumn;
  try {
    column = resolveAttribute(attribute, schema);
  } catch (error) {
    if (error instanceof ScimError) throw new ScimError(400, `Cannot sort by "${sortBy}": ${error.message}`, "invalidValue");
    throw error;
  }
  const folded = column.type === "string" && !column.caseExact && !column.storedLowerCase;
  return folded ? Prisma.sql`lower(${column.sql}) COLLATE "C"` : column.sql;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const ORDERING = { gt: ">", ge: ">=", lt: "<", le: "<=" } as const;

function describeValue(value: FilterValue): string {
  return value === null ? "null" : JSON.stringify(value);
}

function compare(
  op: Exclude<Filter["op"], "and" | "or" | "not" | "pr" | "valuePath">,
  column: FilterColumn,
  value: FilterValue,
  text: string,
) {
  if (column.type === "boolean") {
    const bool =
      typeof value === "boolean"
        ? value
        : typeof value === "string" && /^(true|false)$/i.test(value)
          ? value.toLowerCase() === "true"
          : null;
    if (bool === null) throw invalid(`"${text}" is true or false: ${describeValue(value)} cannot match it.`);
    if (op !== "eq" && op !== "ne") throw invalid(`"${text}" is true or false: only eq, ne and pr apply to it, not ${op}.`);
    return (op === "eq") === bool ? Prisma.sql`(${column.sql})` : Prisma.sql`NOT (${column.sql})`;
  }
  if (value === null) {
    // RFC 7644 allows null as a value: eq null is "has no value".
    if (op === "eq") return column.nullable ? Prisma.sql`(${column.sql} IS NULL)` : Prisma.sql`FALSE`;
    if (op === "ne") return column.nullable ? Prisma.sql`(${column.sql} IS NOT NULL)` : Prisma.sql`TRUE`;
    throw invalid(`"${text}" cannot be compared with null using ${op}: use eq, ne or pr.`);
  }
  if (typeof value !== "string") throw invalid(`"${text}" holds text: compare it with a quoted string, not ${describeValue(value)}.`);

  if (column.type === "dateTime") {
    const at = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) {
      throw invalid(`"${text}" is a date-time: ${describeValue(value)} is not one (write e.g. "2026-11-30T08:00:00Z").`);
    }
    if (op === "co" || op === "sw" || op === "ew") throw invalid(`"${text}" is a date-time: ${op} does not apply to it.`);
    const operator = op === "eq" ? "=" : op === "ne" ? "<>" : ORDERING[op];
    return Prisma.sql`(${column.sql} ${Prisma.raw(operator)} ${at})`;
  }

  if (column.type === "uuid" && (op === "eq" || op === "ne")) {
    // Compared as a uuid so the primary key serves; text that is no uuid matches no row.
    if (!UUID.test(value)) return op === "eq" ? Prisma.sql`FALSE` : Prisma.sql`TRUE`;
    return Prisma.sql`(${column.sql} ${Prisma.raw(op === "eq" ? "=" : "<>")} ${value}::uuid)`;
  }
  const text_ = column.type === "uuid" ? { ...column, sql: Prisma.sql`${column.sql}::text`, storedLowerCase: true } : column;

  const folded = !text_.caseExact && !text_.storedLowerCase;
  const left = folded ? Prisma.sql`lower(${text_.sql})` : text_.sql;
  const plain = text_.caseExact ? value : text_.storedLowerCase ? value.toLowerCase() : value;
  const right = (v: string) => (folded ? Prisma.sql`lower(${v})` : Prisma.sql`${v}`);
  switch (op) {
    case "eq":
      return Prisma.sql`(${left} = ${right(plain)})`;
    case "ne":
      return text_.nullable ? Prisma.sql`(${left} IS DISTINCT FROM ${right(plain)})` : Prisma.sql`(${left} <> ${right(plain)})`;
    case "co":
    case "sw":
    case "ew": {
      const pattern = `${op === "sw" ? "" : "%"}${escapeLike(plain)}${op === "ew" ? "" : "%"}`;
      return Prisma.sql`(${left} LIKE ${right(pattern)} ESCAPE '\\')`;
    }
    default:
      // Ordered by code point (collation "C"), the same on every server whatever its locale.
      return Prisma.sql`(${left} COLLATE "C" ${Prisma.raw(ORDERING[op])} ${right(plain)})`;
  }
}

function present(column: FilterColumn): Prisma.Sql {
  if (!column.nullable) return Prisma.sql`TRUE`;
  if (column.type === "string") return Prisma.sql`(${column.sql} IS NOT NULL AND ${column.sql} <> '')`;
  return Prisma.sql`(${column.sql} IS NOT NULL)`;
}

type AttributeFilter = Exclude<Filter, { op: "and" | "or" | "not" | "valuePath" }>;

function isAttributeFilter(filter: Filter): filter is AttributeFilter {
  return filter.op !== "and" && filter.op !== "or" && filter.op !== "not" && filter.op !== "valuePath";
}

/**
 * An attribute outside a value path that belongs to a multi-valued attribute kept in its own
 * table ("members.value", "members"): the condition on its values, wrapped by the table's hook.
 */
function throughValuePath(filter: AttributeFilter, schema: FilterSchema): Prisma.Sql | null {
  if (filter.attribute.schema !== null && filter.attribute.schema.toLowerCase() !== schema.coreSchema.toLowerCase()) return null;
  const key = filter.attribute.path.toLowerCase();
  const dot = key.indexOf(".");
  const owner = dot < 0 ? key : key.slice(0, dot);
  const hook = indexOf(schema).valuePaths.get(owner);
  if (!hook) return null;
  if (dot < 0 && filter.op === "pr") return hook(Prisma.sql`TRUE`);
  const sub = dot < 0 ? "value" : key.slice(dot + 1);
  const inner = { ...filter, attribute: { schema: null, path: sub, text: `${owner}.${sub}` } };
  return hook(translate(inner, schema, `${owner}.`));
}

function translate(filter: Filter, schema: FilterSchema, prefix: string): Prisma.Sql {
  if (!prefix && isAttributeFilter(filter)) {
    const wrapped = throughValuePath(filter, schema);
    if (wrapped) return wrapped;
  }
  switch (filter.op) {
    case "and":
    case "or":
      return Prisma.sql`(${translate(filter.left, schema, prefix)} ${Prisma.raw(filter.op.toUpperCase())} ${translate(filter.right, schema, prefix)})`;
    case "not":
      // SQL's NULL would drop rows where the attribute is absent; SCIM's not keeps them.
      return Prisma.sql`(NOT COALESCE(${translate(filter.filter, schema, prefix)}, FALSE))`;
    case "pr":
      return present(resolveAttribute(filter.attribute, schema, prefix));
    case "valuePath": {
      const key = keyOf(filter.attribute, schema, prefix);
      if (prefix) throw invalid(`Value paths cannot be nested ("${filter.attribute.text}").`);
      const custom = indexOf(schema).valuePaths.get(key);
      if (custom) return custom(translate(filter.filter, schema, `${key}.`));
      const hasSubAttributes = [...indexOf(schema).attributes.keys()].some((k) => k.startsWith(`${key}.`));
      if (!hasSubAttributes) throw invalid(`"${filter.attribute.text}" is not a multi-valued attribute: it cannot take [...].`);
      return translate(filter.filter, schema, `${key}.`);
    }
    default: {
      const column = resolveAttribute(filter.attribute, schema, prefix);
      return compare(filter.op, column, filter.value, prefix ? `${prefix}${filter.attribute.path}` : filter.attribute.text);
    }
  }
}

/** A parameterised SQL condition that holds for exactly the rows the filter selects. */
export function filterToSql(filter: Filter, schema: FilterSchema): Prisma.Sql {
  return translate(filter, schema, "");
}
