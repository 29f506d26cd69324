import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { config, ConfigError, freezeConfig, INTERNAL_VARIABLES, parseConfig, VARIABLE_NAMES, type VariableName } from "./config";

const sentence = (env: Record<string, string>) => {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
};

describe("parseConfig", () => {
  it("gives today's defaults for an empty environment", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      SEATKEEPER_DATA_DIR: ".data",
      MAIL_FROM: "Seatkeeper <seatkeeper@localhost>",
      MAIL_POLL_SECONDS: 15,
      LICENSE_REQUEST_POLL_SECONDS: 15,
      SYNC_CYCLE_SECONDS: 300,
      SEATKEEPER_DB_WAIT_SECONDS: 60,
      SHUTDOWN_GRACE_SECONDS: 20,
      TRUST_PROXY: false,
      LOG_FORMAT: "json",
      LOG_LEVEL: "info",
      SEATKEEPER_POSTGRES_CACHE: "/var/lib/seatkeeper",
      SEATKEEPER_DEBUG_MIGRATIONS: false,
      BENCH_ACCOUNTS: 100_000,
      BENCH_RUNS: 30,
      BENCH_SCIM_USERS: 10_000,
    });
    for (const unset of [
      "DATABASE_URL",
      "AUTH_SECRET",
      "SMTP_URL",
      "SEATKEEPER_URL",
      "SEATKEEPER_DEMO_DATA",
      "SEATKEEPER_SITE_ID",
      "METRICS_TOKEN",
    ] as const)
      expect(c[unset]).toBeUndefined();
  });

  it("treats an empty value as unset, as the code always did", () => {
    const c = parseConfig({ DATABASE_URL: "", SMTP_URL: "", PORT: "", SEATKEEPER_DEMO_DATA: "", MAIL_POLL_SECONDS: "" });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SMTP_URL).toBeUndefined();
    expect(c.PORT).toBe(3000);
    expect(c.SEATKEEPER_DEMO_DATA).toBeUndefined();
    expect(c.MAIL_POLL_SECONDS).toBe(15);
  });

  it("parses numbers, 1/0 flags, URLs and the derived log format", () => {
    const c = parseConfig({
      PORT: "0", // any free port: the tests start consoles this way
      SHUTDOWN_GRACE_SECONDS: "0",
      SYNC_CYCLE_SECONDS: "3600",
      TRUST_PROXY: "1",
      SEATKEEPER_DEMO_DATA: "0",
      SEATKEEPER_URL: "https://seats.example.com/",
      DATABASE_URL: "postgres://u:p@db:5432/seatkeeper",
      SMTP_URL: "smtps://mail.example.com:465",
      LICENSE_REQUEST_EMAIL: "licenses@vendor.example",
      NODE_ENV: "development",
    });
    expect(c).toMatchObject({
      PORT: 0,
      SHUTDOWN_GRACE_SECONDS: 0,
      SYNC_CYCLE_SECONDS: 3600,
      TRUST_PROXY: true,
      SEATKEEPER_DEMO_DATA: false,
      SEATKEEPER_URL: "https://seats.example.com/",
      LOG_FORMAT: "pretty",
    });
    expect(parseConfig({ NODE_ENV: "development", LOG_FORMAT: "json" }).LOG_FORMAT).toBe("json");
  });

  it("reads a blank METRICS_TOKEN as none, and a one-line PEM's \\n as line breaks", () => {
    expect(parseConfig({ METRICS_TOKEN: "  \t" }).METRICS_TOKEN).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: " abc " }).METRICS_TOKEN).toBe("abc");
    expect(parseConfig({ SEATKEEPER_LICENSE_PUBLIC_KEY: "-----BEGIN\\nAAA\\n-----END" }).SEATKEEPER_LICENSE_PUBLIC_KEY).toBe(
      "-----BEGIN\nAAA\n-----END",
    );
  });

  it("refuses a wrong value with one sentence naming the variable and what it expects", () => {
    expect(sentence({ MAIL_POLL_SECONDS: "abc" })).toBe('MAIL_POLL_SECONDS must be a whole number of seconds above 0 (it is "abc").');
    expect(sentence({ SYNC_CYCLE_SECONDS: "0" })).toBe('SYNC_CYCLE_SECONDS must be a whole number of seconds above 0 (it is "0").');
    expect(sentence({ SHUTDOWN_GRACE_SECONDS: "1.5" })).toBe(
      'SHUTDOWN_GRACE_SECONDS must be a whole number of seconds (0 or more) (it is "1.5").',
    );
    expect(sentence({ PORT: "70000" })).toBe('PORT must be a port number from 0 to 65535 (it is "70000").');
    expect(sentence({ TRUST_PROXY: "true" })).toBe('TRUST_PROXY must be 1 or 0 (it is "true").');
    expect(sentence({ LOG_FORMAT: "text" })).toBe('LOG_FORMAT must be json or pretty (it is "text").');
    expect(sentence({ LOG_LEVEL: "verbose" })).toBe(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (it is "verbose").',
    );
    expect(sentence({ SEATKEEPER_URL: "seats.example.com" })).toBe(
      'SEATKEEPER_URL must be the console\'s public http:// or https:// address (it is "seats.example.com").',
    );
    expect(sentence({ LICENSE_REQUEST_EMAIL: "vendor" })).toBe('LICENSE_REQUEST_EMAIL must be an e-mail address (it is "vendor").');
  });

  it("never repeats a value that may hold a password", () => {
    const smtp = sentence({ SMTP_URL: "mail.example.com user:hunter2" });
    expect(smtp).toMatch(/^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(smtp).not.toContain("hunter2");
    const database = sentence({ DATABASE_URL: "mysql://root:hunter2@db/seats" });
    expect(database).toMatch(/^DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(database).not.toContain("hunter2");
  });

  it("names only the first wrong variable when several are", () => {
    const message = sentence({ MAIL_POLL_SECONDS: "x", PORT: "y" });
    expect(message).toBe('PORT must be a port number from 0 to 65535 (it is "y").');
    expect(message.match(/\./g)?.length).toBe(1);
  });
});

describe("config()", () => {
  const saved = { MAIL_POLL_SECONDS: process.env.MAIL_POLL_SECONDS };
  afterEach(() => {
    if (saved.MAIL_POLL_SECONDS === undefined) delete process.env.MAIL_POLL_SECONDS;
    else process.env.MAIL_POLL_SECONDS = saved.MAIL_POLL_SECONDS;
  });

  it("keeps one parse while the environment stays the same, and parses again when it changes", () => {
    delete process.env.MAIL_POLL_SECONDS;
    const first = config();
    expect(config()).toBe(first);
    process.env.MAIL_POLL_SECONDS = "7";
    expect(config().MAIL_POLL_SECONDS).toBe(7);
    expect(config()).not.toBe(first);
    process.env.MAIL_POLL_SECONDS = "nope";
    expect(() => config()).toThrow(ConfigError);
  });

  it("once frozen (a started server), reads the environment once more and then keeps what it has", () => {
    process.env.MAIL_POLL_SECONDS = "7";
    expect(config().MAIL_POLL_SECONDS).toBe(7);
    process.env.MAIL_POLL_SECONDS = "8"; // changed before the freeze: still seen
    freezeConfig();
    try {
      expect(config().MAIL_POLL_SECONDS).toBe(8);
      process.env.MAIL_POLL_SECONDS = "9";
      expect(config().MAIL_POLL_SECONDS).toBe(8);
    } finally {
      freezeConfig(false);
    }
    expect(config().MAIL_POLL_SECONDS).toBe(9);
  });
});

describe("README's Configuration table", () => {
  const readme = readFileSync(path.resolve(import.meta.dirname, "..", "README.md"), "utf8");
  const section = readme.split(/^## Configuration$/m)[1].split(/^## /m)[0];
  // Rows "| names | default | meaning |": a names cell may name several ("`PORT`, `HOST`", "`A` / `B`").
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [, names, defaults] = line.split("|");
      return {
        names: [...names.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]),
        defaults: [...defaults.matchAll(/`([^`]+)`/g)].map((m) => m[1]),
      };
    });
  const documented = rows.flatMap((row) => row.names);

  it("lists exactly the variables of the schema, except the internal ones", () => {
    const expected = VARIABLE_NAMES.filter((name) => !(name in INTERNAL_VARIABLES));
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...expected].sort());
    for (const reason of Object.values(INTERNAL_VARIABLES)) expect(reason).toMatch(/\w/);
  });

  it("gives each variable's default as the schema does", () => {
    const defaults = parseConfig({});
    for (const row of rows) {
      for (const name of row.names) {
        const value: unknown = defaults[name as VariableName];
        if (value === undefined) continue;
        const shown = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
        expect(row.defaults, `${name}'s default`).toContain(shown);
      }
    }
  });
});
