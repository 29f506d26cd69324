// What the sections share: the sizes asked for, the benchmark's database, the seeded areas and the
// two app processes.
import type pg from "pg";
import type { Db } from "../../lib/db/client";

export type BenchContext = {
  /** BENCH_ACCOUNTS, BENCH_RUNS, BENCH_SCIM_USERS (lib/config.ts). */
  accounts: number;
  runs: number;
  scimUsers: number;
  url: string;
  db: Db;
  /** Plain `pg`, for the raw-SQL baselines. */
  raw: pg.Pool;
};

export type SeededAreas = { intranet: { id: string }; partners: { id: string }; suppliers: { id: string } };

export type Apps = { bases: string[]; pids: number[]; admin: { username: string; password: string } };

export const actor = { id: null, label: "bench" };
