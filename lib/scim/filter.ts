import { PRINTABLE } from "../licensing/schemas";
import { ScimError } from "./scim-error";

// The RFC 7644 3.4.2.2 filter grammar, parsed into a tree the SQL translator (filter-sql.ts)
// turns into a parameterised WHERE clause. Shared by every resource type: Users and Groups give
// the translator their own attribute map.
//
//   FILTER    = orExp
//   orExp     = andExp *("or" andExp)
//   andExp    = unary *("and" unary)
//   unary     = "not" "(" FILTER ")" / "(" FILTER ")" / valuePath / attrExp
//   valuePath = attrPath "[" valFilter "]"        (no value path inside a valFilter)
//   attrExp   = attrPath "pr" / attrPath compareOp compValue
//   attrPath  = [URI ":"] ATTRNAME ["." subAttr]
//   compValue = false / null / true / number / string (JSON)
//
// Operators, keywords and attribute names are case-insensitive; string values are JSON strings
// with JSON's escapes. Anything else is an invalidFilter error that says what is wrong and where,
// never a filter that is silently ignored (an ignored filter would return everyone).
//
// A grammar of our own, after reading the npm candidates: scim2-parse-filter 0.2.10 doubles
// backslashes before JSON-decoding strings ("caf\u00e9" stays escaped, "back\\slash" gets two
// backslashes, "ends \\" fails), accepts `not` without parentheses and reads
// `emails[type eq "work"].value eq "x"` as two unrelated conditions; scim-query-filter-parser
// compiles to in-memory predicates with no tree to turn into SQL; scimmy's Filter comes with a
// whole SCIM framework and keeps filters as objects in disjunctive form for in-memory matching.

export const COMPARE_OPERATORS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type FilterValue = string | number | boolean | null;

export type AttributePath = {
  /** The schema URN the attribute was qualified with, as written (null: the resource's core schema). */
  schema: string | null;
  /** The attribute and optional sub-attribute, as written: "userName", "name.givenName". */
  path: string;
  /** What the client wrote, for messages. */
  text: string;
};

export type Filter =
  | { op: "and" | "or"; left: Filter; right: Filter }
  | { op: "not"; filter: Filter }
  | { op: "pr"; attribute: AttributePath }
  | { op: CompareOperator; attribute: AttributePath; value: FilterValue }
  | { op: "valuePath"; attribute: AttributePath; filter: Filter };

export const MAX_FILTER_LENGTH = 2000;
const MAX_DEPTH = 32;

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; text: string; value: string; at: number }
  | { kind: "number"; text: string; value: number; at: number }
  | { kind: "(" | ")" | "[" | "]"; text: string; at: number };

// A word is an attribute path (URN-qualified or not), an operator, a keyword or true/false/null.
const TOKEN =
  /\s*(?:("(?:[^"\\\u0000-\u001f]|\\.)*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\w.:$-])|([()[\]])|([A-Za-z$][\w.:$-]*))/y;

function invalid(message: string): ScimError {
  return new ScimError(400, message, "invalidFilter");
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const start = TOKEN.lastIndex;
    if (/^\s*$/.test(filter.slice(start))) return tokens;
    const match = TOKEN.exec(filter);
    if (!match) {
      const at = start + (filter.slice(start).length - filter.slice(start).trimStart().length);
      const rest = filter.slice(at);
      if (rest.startsWith('"')) throw invalid(`The string starting at position ${at + 1} is not closed or holds a bad escape.`);
      throw invalid(`Unexpected "${rest.slice(0, 20)}" at position ${at + 1}.`);
    }
    const at = TOKEN.lastIndex - match[0].trimStart().length;
    const [, quoted, number, bracket, word] = match;
    if (quoted !== undefined) {
      let value: string;
      try {
        value = JSON.parse(quoted) as string;
      } catch {
        throw invalid(`The string ${quoted} at position ${at + 1} holds an escape JSON does not allow.`);
      }
      if (!PRINTABLE.test(value)) throw invalid("Filter values cannot hold control characters.");
      tokens.push({ kind: "string", text: quoted, value, at });
    } else if (number !== undefined) tokens.push({ kind: "number", text: number, value: Number(number), at });
    else if (bracket !== undefined) tokens.push({ kind: bracket as "(" | ")" | "[" | "]", text: bracket, at });
    else tokens.push({ kind: "word", text: word, at });
  }
}

const ATTRIBUTE_NAME = /^[A-Za-z$][\w$-]*(?:\.[A-Za-z$][\w$-]*)?$/;

/** Reads `[URI ":"] ATTRNAME ["." subAttr]`; also used for sortBy and attributes lists. */
export function parseAttributePath(text: string): AttributePath | null {
  const colon = text.lastIndexOf(":");
  const schema = colon >= 0 ? text.slice(0, colon) : null;
  const path = text.slice(colon + 1);
  if (!ATTRIBUTE_NAME.test(path)) return null;
  if (schema !== null && !/^urn:[\w.:-]+$/i.test(schema)) return null;
  return { schema, path, text };
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Filter {
    if (this.tokens.length === 0) throw invalid("The filter is empty.");
    const filter = this.orExp(0, false);
    const extra = this.tokens[this.i];
    if (extra) {
      if (extra.kind === ")" || extra.kind === "]") throw invalid(`Unbalanced "${extra.text}" at position ${extra.at + 1}.`);
      throw invalid(`Expected "and", "or" or the end of the filter at position ${extra.at + 1}, found "${extra.text}".`);
    }
    return filter;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private where(): string {
    const token = this.peek();
    return token ? `at position ${token.at + 1}, found "${token.text}"` : "at the end of the filter";
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "word" && token.text.toLowerCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(kind: ")" | "]" | "(", what: string): void {
    if (this.peek()?.kind !== kind) throw invalid(`Expected "${kind}" ${what} ${this.where()}.`);
    this.i++;
  }

  private orExp(depth: number, inValuePath: boolean): Filter {
    let left = this.andExp(depth, inValuePath);
    while (this.keyword("or")) left = { op: "or", left, right: this.andExp(depth, inValuePath) };
    return left;
  }

  private andExp(depth: number, inValuePath: boolean): Filter {
    let left = this.unary(depth, inValuePath);
    while (this.keyword("and")) left = { op: "and", left, right: this.unary(depth, inValuePath) };
    return left;
  }

  private unary(depth: number, inValuePath: boolean): Filter {
    if (depth > MAX_DEPTH) throw invalid(`The filter nests more than ${MAX_DEPTH} levels deep.`);
    const token = this.peek();
    if (!token) throw invalid("The filter ends where an expression was expected.");
    if (token.kind === "(") {
      this.i++;
      const inner = this.orExp(depth + 1, inValuePath);
      this.expect(")", `to close the "(" at position ${token.at + 1}`);
      return inner;
    }
    if (token.kind === "word" && token.text.toLowerCase() === "not") {
      this.i++;
      const open = this.peek();
      this.expect("(", 'after "not" (RFC 7644 writes not (expression))');
      const inner = this.orExp(depth + 1, inValuePath);
      this.expect(")", `to close the "(" at position ${open!.at + 1}`);
      return { op: "not", filter: inner };
    }
    if (token.kind !== "word") throw invalid(`Expected an attribute name ${this.where()}.`);
    const attribute = parseAttributePath(token.text);
    if (!attribute) throw invalid(`"${token.text}" at position ${token.at + 1} is not an attribute name.`);
    this.i++;
    const next = this.peek();
    if (next?.kind === "[") {
      if (inValuePath) throw invalid(`Value paths cannot be nested (position ${next.at + 1}).`);
      if (attribute.path.includes(".")) throw invalid(`A value path needs a multi-valued attribute, not "${attribute.text}".`);
      this.i++;
      const inner = this.orExp(depth + 1, true);
      this.expect("]", `to close the "[" at position ${next.at + 1}`);
      return { op: "valuePath", attribute, filter: inner };
    }
    const operator = next?.kind === "word" ? next.text.toLowerCase() : "";
    if (operator === "pr") {
      this.i++;
      return { op: "pr", attribute };
    }
    if (!(COMPARE_OPERATORS as readonly string[]).includes(operator)) {
      throw invalid(`Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after "${attribute.text}" ${this.where()}.`);
    }
    this.i++;
    return { op: operator as CompareOperator, attribute, value: this.compValue(attribute) };
  }

  private compValue(attribute: AttributePath): FilterValue {
    const token = this.peek();
    if (!token) throw invalid(`The filter ends before the value compared with "${attribute.text}".`);
    this.i++;
    if (token.kind === "string" || token.kind === "number") return token.value;
    if (token.kind === "word") {
      const word = token.text.toLowerCase();
      if (word === "true") return true;
      if (word === "false") return false;
      if (word === "null") return null;
      throw invalid(`The value ${token.text} at position ${token.at + 1} must be a quoted string, a number, true, false or null.`);
    }
    throw invalid(`Expected a value for "${attribute.text}" at position ${token.at + 1}, found "${token.text}".`);
  }
}

export function parseFilter(filter: string): Filter {
  if (filter.length > MAX_FILTER_LENGTH) throw invalid(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`);
  return new Parser(tokenize(filter)).parse();
}
