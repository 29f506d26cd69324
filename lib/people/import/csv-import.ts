import "server-only";
import { areaNameKey } from "../../areas/area-name";
import Papa from "papaparse";
import { z } from "zod";
import { db as defaultDb, type Db } from "../../db/client";
import { refreshAccountStatistics } from "../../db/refresh-account-statistics";
import {
  DuplicateAccountError,
  InvalidInputError,
  SeatLimitError,
  activateWaitingAccounts,
  createAccount,
  newAccountSchema,
  type Actor,
} from "../../licensing";

// Admin > People > Import: a CSV of people, its columns mapped to account fields, validated row
// by row, then applied through lib/licensing one row at a time, each with its own outcome.

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

export const IMPORT_FIELDS = {
  username: {
    label: "User name",
    required: true,
    guesses: ["username", "user name", "login", "userprincipalname", "upn", "samaccountname"],
  },
  email: { label: "E-mail", required: true, guesses: ["email", "e-mail", "mail", "email address", "e-mail address"] },
  givenName: { label: "First name", required: true, guesses: ["givenname", "given name", "first name", "firstname", "forename"] },
  familyName: { label: "Last name", required: true, guesses: ["familyname", "family name", "last name", "lastname", "surname"] },
  area: { label: "Area", required: false, guesses: ["area", "extranet", "site area"] },
  externalId: { label: "External id", required: false, guesses: ["externalid", "external id", "employee id", "objectid", "id"] },
} as const;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_KEYS = Object.keys(IMPORT_FIELDS) as ImportField[];

/** Which column (by index) feeds which field; -1 or absent: not mapped. */
export const importMappingSchema = z.partialRecord(
  z.enum(IMPORT_FIELD_KEYS as [ImportField, ...ImportField[]]),
  z.number().int().min(-1).max(500),
);
export type ImportMapping = z.infer<typeof importMappingSchema>;
export const importModeSchema = z.enum(["manual", "sync"], "Mode must be manual or sync.");
export type ImportMode = z.infer<typeof importModeSchema>;

/** A file that cannot be imported at all: nothing is written. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

export type ImportTable = { headers: string[]; rows: string[][] };

export function readImportFile(text: string): ImportTable {
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES)
    throw new ImportFileError(`The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into smaller files.`);
  const clean = text.replace(/^\uFEFF/, "");
  if (!clean.trim()) throw new ImportFileError("The file is empty.");
  if (/\u0000/.test(clean))
    throw new ImportFileError("This is not a CSV file (it holds binary data). Export the list as CSV (UTF-8) and try again.");
  const parsed = Papa.parse<string[]>(clean, { skipEmptyLines: "greedy" });
  const fatal = parsed.errors.find(
    (e) => e.type === "Quotes" || (e.type === "Delimiter" && parsed.data[0]?.length === 1 && clean.includes("\n") === false),
  );
  if (fatal)
    throw new ImportFileError(
      `This file could not be read as CSV: ${fatal.message}${fatal.row !== undefined ? ` (row ${fatal.row + 1})` : ""}.`,
    );
  const [header, ...rows] = parsed.data;
  const headers = (header ?? []).map((h) => h.trim());
  if (headers.length < 2 || headers.some((h) => h === "")) {
    throw new ImportFileError(
      "The first row must be a header naming each column (e.g. username, email, first name, last name), and no column may be unnamed.",
    );
  }
  const seen = new Set<string>();
  for (const h of headers) {
    if (seen.has(h.toLowerCase())) throw new ImportFileError(`The header names the column "${h}" twice.`);
    seen.add(h.toLowerCase());
  }
  if (rows.length === 0) throw new ImportFileError("The file has a header but no people.");
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportFileError(`The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once.`);
  return { headers, rows };
}

export function guessMapping(headers: string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const normal = headers.map((h) =>
    h
      .toLowerCase()
      .replace(/[_\s-]+/g, " ")
      .trim(),
  );
  for (const field of IMPORT_FIELD_KEYS) {
    const guesses: readonly string[] = IMPORT_FIELDS[field].guesses;
    const index = normal.findIndex((h) => guesses.includes(h) || guesses.includes(h.replace(/ /g, "")));
    mapping[field] = index;
  }
  return mapping;
}

export type RowCheck = { line: number; values: Partial<Record<ImportField, string>>; errors: string[] };

/** Validates every row (missing fields, bad values, unknown areas, duplicates in the file or the site). */
export async function checkImport(table: ImportTable, mapping: ImportMapping, client: Db = defaultDb()) {
  const missing = IMPORT_FIELD_KEYS.filter((f) => IMPORT_FIELDS[f].required && (mapping[f] ?? -1) < 0);
  if (missing.length) throw new ImportFileError(`Map a column to ${missing.map((f) => IMPORT_FIELDS[f].label).join(", ")}.`);
  for (const f of IMPORT_FIELD_KEYS)
    if ((mapping[f] ?? -1) >= table.headers.length)
      throw new ImportFileError(`${IMPORT_FIELDS[f].label} is mapped to a column the file does not have.`);
  const areas = await client.area.findMany({ select: { id: true, nameKey: true, pool: true } });
  const primary = areas.find((a) => a.pool === "PRIMARY");
  const areaByName = new Map(areas.map((a) => [a.nameKey, a]));
  const checks: (RowCheck & { areaId?: string })[] = table.rows.map((row, i) => {
    const values: Partial<Record<ImportField, string>> = {};
    for (const f of IMPORT_FIELD_KEYS) if ((mapping[f] ?? -1) >= 0) values[f] = (row[mapping[f]!] ?? "").trim();
    return { line: i + 2, values, errors: [] };
  });
  const usernames = new Map<string, number>();
  const emails = new Map<string, number>();
  for (const check of checks) {
    const { values, errors } = check;
    const area = values.area ? areaByName.get(areaNameKey(values.area)) : primary;
    if (!area) errors.push(values.area ? `Unknown area "${values.area}".` : "The site has no primary area.");
    check.areaId = area?.id;
    const parsed = newAccountSchema.safeParse({
      ...values,
      areaId: area?.id ?? "00000000-0000-4000-8000-000000000000",
      externalId: values.externalId || undefined,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push(
          `${IMPORT_FIELDS[issue.path[0] as ImportField]?.label ?? String(issue.path[0])}: ${values[issue.path[0] as ImportField] ? issue.message : "missing."}`,
        );
      continue;
    }
    const u = parsed.data.username;
    const e = parsed.data.email;
    if (usernames.has(u)) errors.push(`User name ${u} is also on line ${usernames.get(u)}.`);
    else usernames.set(u, check.line);
    if (emails.has(e)) errors.push(`E-mail ${e} is also on line ${emails.get(e)}.`);
    else emails.set(e, check.line);
  }
  // Accounts that exist already, in a couple of queries rather than one per row.
  const existing = await client.account.findMany({
    where: { OR: [{ username: { in: [...usernames.keys()] } }, { email: { in: [...emails.keys()] } }] },
    select: { username: true, email: true },
  });
  const takenNames = new Set(existing.map((a) => a.username));
  const takenEmails = new Set(existing.map((a) => a.email));
  for (const check of checks) {
    const u = check.values.username?.toLowerCase();
    const e = check.values.email?.toLowerCase();
    if (u && takenNames.has(u)) check.errors.push(`An account with user name ${u} already exists.`);
    if (e && takenEmails.has(e)) check.errors.push(`An account with e-mail ${e} already exists.`);
  }
  return checks;
}

export type RowOutcome = { line: number; username: string; outcome: "created" | "waiting" | "refused" | "invalid"; reason: string };

/**
 * Applies a checked file: invalid rows are skipped with their reasons; each valid row is one
 * createAccount. "manual" refuses rows once the pool is full (spec rule 2); "sync" (directory
 * sync mode) creates them blocked, waiting for a seat (rule 4), after activating those already
 * waiting, since an import in this mode is a sync run.
 */
export async function applyImport(
  options: { actor: Actor; text: string; mapping: ImportMapping; mode: ImportMode },
  client: Db = defaultDb(),
): Promise<RowOutcome[]> {
  const table = readImportFile(options.text);
  const checks = await checkImport(table, options.mapping, client);
  if (options.mode === "sync") await activateWaitingAccounts({ actor: options.actor }, client);
  const outcomes: RowOutcome[] = [];
  for (const check of checks) {
    const username = check.values.username ?? "";
    if (check.errors.length) {
      outcomes.push({ line: check.line, username, outcome: "invalid", reason: check.errors.join(" ") });
      continue;
    }
    try {
      const account = await createAccount(
        {
          actor: options.actor,
          source: "IMPORT",
          whenFull: options.mode === "sync" ? "wait" : "refuse",
          account: {
            username,
            email: check.values.email!,
            givenName: check.values.givenName!,
            familyName: check.values.familyName!,
            areaId: check.areaId!,
            externalId: check.values.externalId || undefined,
          },
        },
        client,
      );
      outcomes.push(
        account.state === "ACTIVE"
          ? { line: check.line, username, outcome: "created", reason: "Created and active." }
          : {
              line: check.line,
              username,
              outcome: "waiting",
              reason: "Created blocked, waiting for a seat: it becomes active on a later sync as seats free up.",
            },
      );
    } catch (error) {
      if (error instanceof SeatLimitError || error instanceof DuplicateAccountError || error instanceof InvalidInputError) {
        outcomes.push({
          line: check.line,
          username,
          outcome: error instanceof SeatLimitError ? "refused" : "invalid",
          reason: error.message,
        });
      } else throw error;
    }
  }
  await refreshAccountStatistics(outcomes.filter((o) => o.outcome === "created" || o.outcome === "waiting").length, client);
  return outcomes;
}

/** The outcome file: each row of the original with its outcome and reason. */
export function importResultCsv(table: ImportTable, outcomes: RowOutcome[]): string {
  const byLine = new Map(outcomes.map((o) => [o.line, o]));
  const rows = table.rows.map((row, i) => {
    const outcome = byLine.get(i + 2);
    return [...table.headers.map((_, c) => row[c] ?? ""), outcome?.outcome ?? "", outcome?.reason ?? ""];
  });
  return (
    "\uFEFF" +
    Papa.unparse([[...table.headers, "Outcome", "Reason"], ...rows], { newline: "\r\n", escapeFormulae: /^[=+\-@\t\r]/ }) +
    "\r\n"
  );
}
