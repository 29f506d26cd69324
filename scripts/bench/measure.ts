// What every section measures with, and what it hands back to main() for BENCHMARKS.md.
import { readdirSync, readFileSync } from "node:fs";

export type Row = { what: string; median: string; p95: string; baseline: string; ratio: string; target: string; met: string };

/** A section's share of the report: table rows, notes under it, and failed correctness checks. */
export type SectionResult = { rows: Row[]; notes: string[]; failures: string[] };

export type Timing = { median: number; p95: number };

export const log = (line: string) => console.log(`[bench] ${line}`);

export function stats(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] };
}

/** `runs` timed calls after 3 warm-ups. */
export async function timed(fn: () => Promise<unknown>, runs: number): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

export function row(what: string, ours: Timing, baseline: Timing | null, target: string, met: boolean): Row {
  return {
    what,
    median: ms(ours.median),
    p95: ms(ours.p95),
    baseline: baseline ? `${ms(baseline.median)} / ${ms(baseline.p95)}` : "–",
    ratio: baseline ? `${(ours.p95 / baseline.p95).toFixed(1)}x` : "–",
    target,
    met: met ? "yes" : "NO",
  };
}

/** Resident memory of a process and all its descendants, in kB (from /proc). */
export function treeRssKb(rootPid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {}
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {}
  }
  return total;
}
