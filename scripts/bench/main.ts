// `npm run bench`: Seatkeeper at 100,000 accounts. Seeds a fresh embedded PostgreSQL, measures
// the People list, the statistics, the seat history and true-up, the audit log and audit:verify, the CSV export (through the real HTTP route), seat contention
// over HTTP with two app processes, and SCIM provisioning; writes BENCHMARKS.md. Exits non-zero
// only when a correctness check fails, never for a slow figure (these machines are shared).
// Sizes: BENCH_ACCOUNTS, BENCH_RUNS, BENCH_SCIM_USERS (README, Configuration).
// `npm run bench -- --only scim,contention` runs just those sections (after seeding) and prints
// their table without rewriting BENCHMARKS.md.
import { execSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrations";
import { startApps } from "./apps";
import { measureSeatContention } from "./contention";
import type { BenchContext } from "./context";
import { measureExport } from "./export";
import { measureAuditLog } from "./audit-log";
import { measureBulkJob } from "./bulk-jobs";
import { measureHistory } from "./history";
import { measureInactive } from "./inactive";
import { log, type SectionResult } from "./measure";
import { measureListAndStatistics } from "./people-list";
import { measurePeoplePage } from "./people-page";
import { benchmarksMarkdown, benchmarksSection, markdownTable } from "./report";
import { measureScimProvisioning } from "./scim";
import { measureScimGroups } from "./scim-groups";
import { measureLdapSync } from "./ldap";
import { scimHeaders } from "./scim-client";
import { seedSite } from "./seed";

const SECTIONS = ["list", "history", "audit", "export", "page", "contention", "scim", "groups", "ldap", "inactive", "bulk"] as const;
type Section = (typeof SECTIONS)[number];

/** The sections `--only a,b` asks for (every one without it); an unknown name is an error. */
function sectionsAsked(argv: string[]): { only: boolean; wanted: Set<Section> } {
  const at = argv.findIndex((a) => a === "--only" || a.startsWith("--only="));
  if (at < 0) return { only: false, wanted: new Set(SECTIONS) };
  const value = argv[at].includes("=") ? argv[at].slice("--only=".length) : (argv[at + 1] ?? "");
  const names = value
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length) {
    throw new Error(`--only takes sections among ${SECTIONS.join(", ")}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`);
  }
  return { only: true, wanted: new Set(names as Section[]) };
}

async function main() {
  const { only, wanted } = sectionsAsked(process.argv.slice(2));
  const startedAt = Date.now();
  const { BENCH_RUNS: runs, BENCH_SCIM_USERS: scimUsers } = config();
  const accounts = accountsToSeed();
  const root = process.cwd();
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("building the console first");
    execSync("npx next build", { stdio: "inherit" });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-bench-"));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  const apps: ChildProcess[] = [];
  // In the report's order: seeding, list and statistics, export, contention, SCIM provisioning.
  const results: SectionResult[] = [];
  try {
    await ensureDatabase(server.url(), "bench");
    const url = server.url("bench");
    await applyMigrations(url);
    const bench: BenchContext = {
      accounts,
      runs,
      scimUsers,
      url,
      db: createPrismaClient(url, { poolSize: 10 }),
      raw: new pg.Pool({ connectionString: url, max: 4 }),
    };
    // A failed run stops the database under this pool's idle connections: their errors then are
    // expected, and unhandled they would end the process before its temporary folder is removed.
    bench.raw.on("error", () => {});
    const seeded = await seedSite(bench);
    results.push(seeded.result);
    if (wanted.has("list")) results.push(await measureListAndStatistics(bench, seeded.areas));
    if (wanted.has("history")) results.push(await measureHistory(bench));
    if (wanted.has("audit")) results.push(await measureAuditLog(bench));
    const running = await startApps(bench, seeded.areas, apps);
    if (wanted.has("export")) results.push(await measureExport(bench, running));
    if (wanted.has("page")) results.push(await measurePeoplePage(bench, running));
    const headers = await scimHeaders(bench.db);
    if (wanted.has("contention")) results.push(await measureSeatContention(bench, seeded.areas, running, headers));
    if (wanted.has("scim")) results.push(await measureScimProvisioning(bench, running, headers));
    if (wanted.has("groups")) results.push(await measureScimGroups(bench, seeded.areas, running, headers));
    if (wanted.has("ldap")) results.push(await measureLdapSync(server.url()));
    // Last: they block accounts.
    if (wanted.has("inactive")) results.push(await measureInactive(bench, seeded.areas));
    if (wanted.has("bulk")) results.push(await measureBulkJob(bench, running));
    await bench.raw.end();
    await bench.db.$disconnect();
  } catch (error) {
    // Said before the database stops: its pools' connections then fail too, and would hide this.
    console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
    throw error;
  } finally {
    for (const app of apps) app.kill("SIGTERM");
    await Promise.all(apps.map((app) => new Promise((r) => (app.exitCode !== null ? r(null) : app.on("exit", r)))));
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const notes = results.flatMap((r) => r.notes);
  const failures = results.flatMap((r) => r.failures);
  const table = markdownTable(results.flatMap((r) => r.rows));
  const report = path.join(root, "BENCHMARKS.md");
  if (!only) {
    const section = benchmarksSection({ accounts, runs, table, notes, failures, startedAt });
    await writeFile(report, benchmarksMarkdown(existsSync(report) ? await readFile(report, "utf8") : null, accounts, section));
  }
  console.log(`\n${table}\n\n${notes.join("\n")}\n`);
  if (failures.length) {
    console.error(`correctness checks failed:\n- ${failures.join("\n- ")}`);
    process.exit(1);
  }
  console.log(`all correctness checks passed${only ? " (--only: BENCHMARKS.md left as it was)" : "; BENCHMARKS.md written"}`);
  process.exit(0);
}

/** `--accounts N` on the command line (`npm run bench -- --accounts 1000000`), else BENCH_ACCOUNTS. */
function accountsToSeed(): number {
  const flag = process.argv.indexOf("--accounts");
  if (flag < 0) return config().BENCH_ACCOUNTS;
  const value = process.argv[flag + 1] ?? "";
  if (!/^[1-9]\d*$/.test(value)) {
    console.error(`--accounts must be followed by a whole number above 0, not ${JSON.stringify(value)}.`);
    process.exit(1);
  }
  return Number(value);
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
