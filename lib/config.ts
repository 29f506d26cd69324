import { z } from "zod";

// Every environment variable the console and its commands read, parsed in one place: its default,
// its type, and the one sentence that stops start-up when its value is wrong. README's
// "Configuration" table lists the same variables (lib/config.test.ts holds them to it), except the
// internal ones. No node: imports: proxy.ts reads this too.

/** A value the console cannot run with. Its message is one sentence for the person who set it. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Variable = {
  schema: z.ZodType;
  /** What a valid value is, as the end of "NAME must be …". */
  expects: string;
  /** Never repeated in an error: it may hold a password or a token. */
  secret?: true;
  /** Why the README does not list it: set by Next.js or by our own scripts, not by the person running the console. */
  internal?: string;
};

// An empty value means unset, as the code did before (`if (process.env.X)`); tests and
// playwright.config.ts pass "" to clear a variable for a child process.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((value) => (value === "" || value === undefined ? fallback : value), schema);

const text = () => optional(z.string());
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max);
const flag = () => z.enum(["1", "0"]).transform((value) => value === "1");
const urlWith = (...protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  });

const SECONDS_ABOVE_0 = "a whole number of seconds above 0";

const variables = {
  // Where the console runs
  DATABASE_URL: {
    schema: optional(urlWith("postgresql:", "postgres:")),
    expects: "a postgresql:// URL, e.g. postgresql://user:pass@db:5432/seatkeeper",
    secret: true,
  },
  AUTH_SECRET: { schema: text(), expects: "the key that signs sessions", secret: true },
  PORT: { schema: withDefault(wholeNumber(0, 65535), "3000"), expects: "a port number from 0 to 65535" },
  HOST: { schema: withDefault(z.string(), "127.0.0.1"), expects: "a host name or address" },
  SEATKEEPER_DATA_DIR: { schema: withDefault(z.string(), ".data"), expects: "a folder" },
  SEATKEEPER_DEMO_DATA: { schema: optional(flag()), expects: "1 or 0" },
  SEATKEEPER_URL: { schema: optional(urlWith("http:", "https:")), expects: "the console's public http:// or https:// address" },
  AUTH_URL: { schema: optional(urlWith("http:", "https:")), expects: "an http:// or https:// address" },
  SEATKEEPER_DB_WAIT_SECONDS: { schema: withDefault(wholeNumber(0), "60"), expects: "a whole number of seconds (0 or more)" },
  SEATKEEPER_POSTGRES_CACHE: { schema: withDefault(z.string(), "/var/lib/seatkeeper"), expects: "a folder" },
  // Licenses
  SEATKEEPER_SITE_ID: { schema: optional(z.string().max(100)), expects: "a site id of at most 100 characters" },
  // One-line environment files write the PEM's line breaks as \n.
  SEATKEEPER_LICENSE_PUBLIC_KEY: {
    schema: optional(z.string().transform((pem) => pem.replace(/\\n/g, "\n"))),
    expects: "the vendor's public key (PEM text)",
  },
  SEATKEEPER_LICENSE_PUBLIC_KEY_FILE: { schema: text(), expects: "a file holding the vendor's public key" },
  LICENSE_REQUEST_URL: { schema: optional(urlWith("http:", "https:")), expects: "an http:// or https:// URL" },
  LICENSE_REQUEST_EMAIL: { schema: optional(z.email()), expects: "an e-mail address" },
  LICENSE_REQUEST_POLL_SECONDS: { schema: withDefault(wholeNumber(1), "15"), expects: SECONDS_ABOVE_0 },
  // Mail
  SMTP_URL: {
    schema: optional(urlWith("smtp:", "smtps:")),
    expects: "an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587",
    secret: true,
  },
  MAIL_FROM: { schema: withDefault(z.string(), "Seatkeeper <seatkeeper@localhost>"), expects: "a sender address" },
  MAIL_POLL_SECONDS: { schema: withDefault(wholeNumber(1), "15"), expects: SECONDS_ABOVE_0 },
  // Running it as a service
  SYNC_CYCLE_SECONDS: { schema: withDefault(wholeNumber(1), "300"), expects: SECONDS_ABOVE_0 },
  TRUST_PROXY: { schema: withDefault(flag(), "0"), expects: "1 or 0" },
  SHUTDOWN_GRACE_SECONDS: { schema: withDefault(wholeNumber(0), "20"), expects: "a whole number of seconds (0 or more)" },
  // Unset: "pretty" under `next dev` (NODE_ENV=development), else "json"; resolved in parseConfig.
  LOG_FORMAT: { schema: optional(z.enum(["json", "pretty"])), expects: "json or pretty" },
  LOG_LEVEL: {
    schema: withDefault(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info"),
    expects: "one of fatal, error, warn, info, debug, trace, silent",
  },
  // Whitespace only is no token: /metrics stays off rather than accept a blank bearer.
  METRICS_TOKEN: {
    schema: z.preprocess((value) => (typeof value === "string" ? value.trim() || undefined : value), z.string().optional()),
    expects: "a long random token",
    secret: true,
  },
  SEATKEEPER_DEBUG_MIGRATIONS: { schema: withDefault(flag(), "0"), expects: "1 or 0" },
  // `npm run bench`
  BENCH_ACCOUNTS: { schema: withDefault(wholeNumber(1), "100000"), expects: "a whole number above 0" },
  BENCH_RUNS: { schema: withDefault(wholeNumber(1), "30"), expects: "a whole number above 0" },
  BENCH_SCIM_USERS: { schema: withDefault(wholeNumber(1), "10000"), expects: "a whole number above 0" },
  BENCH_APP_NODE_ARGS: { schema: text(), expects: "Node options separated by spaces" },
  // Set for us
  NODE_ENV: {
    schema: text(),
    expects: "development, production or test",
    internal: "set by Next.js, by vitest, and by scripts/start.ts for the server",
  },
} satisfies Record<string, Variable>;

export type VariableName = keyof typeof variables;

/** Every variable, in the schema's order. */
export const VARIABLE_NAMES = Object.keys(variables) as VariableName[];

/** The variables README does not document, each with why (set by Next.js or our scripts). */
export const INTERNAL_VARIABLES: Partial<Record<VariableName, string>> = Object.fromEntries(
  Object.entries(variables as Record<string, Variable>).flatMap(([name, v]) => (v.internal ? [[name, v.internal]] : [])),
);

const schema = z.object(
  Object.fromEntries(Object.entries(variables).map(([name, v]) => [name, v.schema])) as {
    [K in VariableName]: (typeof variables)[K]["schema"];
  },
);

type Parsed = z.output<typeof schema>;
export type Config = Omit<Parsed, "LOG_FORMAT"> & { LOG_FORMAT: "json" | "pretty" };

/** Parses one environment; throws ConfigError naming the first variable (in the order above) that is wrong. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const values = Object.fromEntries(VARIABLE_NAMES.map((name) => [name, env[name]]));
  const result = schema.safeParse(values);
  if (!result.success) {
    const wrong = new Set(result.error.issues.map((issue) => issue.path[0]));
    const name = VARIABLE_NAMES.find((n) => wrong.has(n))!;
    const variable: Variable = variables[name];
    const value = variable.secret ? "its value is not shown: it may hold a password" : `it is ${JSON.stringify(env[name])}`;
    throw new ConfigError(`${name} must be ${variable.expects} (${value}).`);
  }
  const parsed = result.data;
  return { ...parsed, LOG_FORMAT: parsed.LOG_FORMAT ?? (parsed.NODE_ENV === "development" ? "pretty" : "json") };
}

let cached: { raw: (string | undefined)[]; config: Config; frozen: boolean } | undefined;

// On globalThis: Next's bundles and the server script each load their own copy of this module.
const FROZEN = Symbol.for("seatkeeper.config.frozen");

/**
 * The configuration from process.env, parsed once and kept while the variables stay as they are.
 * Tests and scripts/start.ts change some at run time (SMTP_URL, METRICS_TOKEN, DATABASE_URL once
 * the embedded database runs…), and Next sets NODE_ENV after our modules may have read it: each
 * call compares the raw values (about 30 look-ups) and parses again when one changed, so nothing
 * keeps a stale value and no caller has to remember to reload. Once the server has started
 * (freezeConfig), each copy compares once more and then keeps what it has.
 */
export function config(): Config {
  const frozen = (globalThis as Record<symbol, unknown>)[FROZEN] === true;
  if (frozen && cached?.frozen) return cached.config;
  const raw = VARIABLE_NAMES.map((name) => process.env[name]);
  if (cached && raw.every((value, i) => value === cached!.raw[i])) {
    cached.frozen = frozen;
    return cached.config;
  }
  const parsed = parseConfig(process.env);
  cached = { raw, config: parsed, frozen };
  return parsed;
}

/**
 * Called when a server process has started (instrumentation.ts): nothing changes a running
 * server's environment, and reading the variables on every call cost about 3% of the CPU of a
 * SCIM request (three calls each). Commands and tests do not call it; `false` undoes it.
 */
export function freezeConfig(frozen = true): void {
  (globalThis as Record<symbol, unknown>)[FROZEN] = frozen;
}
