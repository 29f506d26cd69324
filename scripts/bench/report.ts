import { execSync } from "node:child_process";
import os from "node:os";
import type { Row } from "./measure";

export function markdownTable(rows: Row[]): string {
  return [
    "| measurement | median | p95 | raw-SQL baseline (median / p95) | p95 ratio | target | met |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.what} | ${r.median} | ${r.p95} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met} |`),
  ].join("\n");
}

function commit(): string {
  try {
    return (
      execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim() +
      // BENCHMARKS.md itself is not measured code: a run before this one may have rewritten it.
      (execSync("git status --porcelain -- . ':!BENCHMARKS.md'", { encoding: "utf8" }).trim() ? " (with uncommitted changes)" : "")
    );
  } catch {
    return "unknown";
  }
}

/** One size's part of BENCHMARKS.md: how it was measured, the table, the notes and the correctness checks. */
export function benchmarksSection(options: {
  accounts: number;
  runs: number;
  table: string;
  notes: string[];
  failures: string[];
  startedAt: number;
}): string {
  const { accounts, runs, table, notes, failures, startedAt } = options;
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  return `## ${accounts.toLocaleString("en")} accounts

Written by \`npm run bench${accounts === 100_000 ? "" : ` -- --accounts ${accounts}`}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${commit()}.
Machine: ${machine}. Embedded PostgreSQL, ${accounts.toLocaleString("en")} accounts (80% primary area, 20% across two
extranets, one in seven blocked), ${runs} timed runs after 3 warm-ups for each list/statistics/page figure (server
time in process; the page over HTTP), 10 runs after 2 warm-ups for the export (wall time of the HTTP download). The export baseline is PostgreSQL's
\`COPY (SELECT …) TO STDOUT WITH CSV\` of the same columns, read by the bench itself.

${table}

${notes.map((n) => `- ${n}`).join("\n")}

Correctness checks: ${failures.length ? failures.map((f) => `FAILED: ${f}`).join("; ") : "all passed"}.
Total run time: ${((Date.now() - startedAt) / 1000).toFixed(0)} s. The machine is shared: slow figures are noted, not failed.
`;
}

const sectionStart = (accounts: number) => `<!-- bench: ${accounts} accounts -->`;
const SECTION_END = "<!-- bench: end -->";

/**
 * BENCHMARKS.md with this size's section written and the other sizes' sections kept (the
 * 100,000-account run and the million-account run are separate commands), smallest first.
 */
export function benchmarksMarkdown(existing: string | null, accounts: number, section: string): string {
  const sections = new Map<number, string>();
  for (const match of (existing ?? "").matchAll(/<!-- bench: (\d+) accounts -->\n([\s\S]*?)<!-- bench: end -->/g)) {
    sections.set(Number(match[1]), match[2]);
  }
  sections.set(accounts, section);
  const parts = [...sections].sort(([a], [b]) => a - b).map(([n, text]) => `${sectionStart(n)}\n${text}${SECTION_END}`);
  return `# Benchmarks

\`npm run bench\` measures 100,000 accounts; \`npm run bench -- --accounts 1000000\` a million. Each run rewrites
its own table below and keeps the others.

${parts.join("\n\n")}
`;
}
