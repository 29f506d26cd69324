import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { assertPostgresUserCanReach, firstClosedFolder } from "./embedded-postgres";

// Root in a private folder (a clone in /root, mode 700): the embedded PostgreSQL runs as the
// `postgres` user, which cannot reach it. The console must say so in one sentence, before
// PostgreSQL is started (and before any password file is written).

const run = promisify(execFile);
let open: string;
let closed: string;

beforeAll(async () => {
  open = await mkdtemp(path.join(os.tmpdir(), "reach-open-"));
  await chmod(open, 0o755);
  closed = path.join(open, "private");
  await mkdir(path.join(closed, "checkout"), { recursive: true });
  await chmod(closed, 0o700);
});
afterAll(async () => rm(open, { recursive: true, force: true }));

it("finds the first folder other users cannot enter", () => {
  expect(firstClosedFolder(path.join(closed, "checkout", ".data", "pg"))).toBe(closed);
  expect(firstClosedFolder(path.join(open, "elsewhere", "pg"))).toBeNull();
});

it("as root, refuses a data folder or binaries the postgres user cannot reach, in one sentence", () => {
  expect(() => assertPostgresUserCanReach(path.join(closed, "checkout", ".data", "pg"), 0, open)).toThrow(
    new RegExp(
      `cannot enter ${closed.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(mode 700\\): keep the data in a folder other users can enter`,
    ),
  );
  expect(() => assertPostgresUserCanReach(path.join(open, "pg"), 0, path.join(closed, "checkout"))).toThrow(/cannot enter/);
  expect(() => assertPostgresUserCanReach(path.join(open, "pg"), 0, open)).not.toThrow();
  // The data folder itself is PostgreSQL's and mode 700 once initialised: only the way to it counts.
  expect(() => assertPostgresUserCanReach(closed, 0, open)).not.toThrow();
  // Not root: PostgreSQL runs as this user, who can reach its own folders.
  expect(() => assertPostgresUserCanReach(path.join(closed, "checkout", ".data", "pg"), 1000, open)).not.toThrow();
});

it.runIf(process.getuid?.() === 0)(
  "npm start as root with its data in a private folder stops with that sentence, no stack trace, nothing left in /tmp",
  async () => {
    const before = new Set((await import("node:fs")).readdirSync(os.tmpdir()).filter((f) => f.startsWith("pg-password-")));
    const result = await run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
      env: { ...process.env, DATABASE_URL: "", SEATKEEPER_DATA_DIR: path.join(closed, "checkout", ".data"), PORT: "0" },
    }).catch((e) => e);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/start-up failed: As root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const after = (await import("node:fs")).readdirSync(os.tmpdir()).filter((f) => f.startsWith("pg-password-") && !before.has(f));
    expect(after).toEqual([]);
  },
);
