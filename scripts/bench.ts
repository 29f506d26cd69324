// `npm run bench`: Seatkeeper at 100,000 accounts. Seeds a fresh embedded PostgreSQL, measures
// the People list, the statistics, the CSV export (through the real HTTP route), seat contention
// over HTTP with two app processes, and SCIM provisioning; writes BENCHMARKS.md. Exits non-zero
// only when a correctness check fails, never for a slow figure (these machines are shared).
import { spawn, execSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { createPrismaClient } from "../lib/db/client";
import { ensureDatabase, findFreePort, startEmbeddedPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrations";
import { applyLicense, bulkCreateAccounts, createAccount, getSeatStatistics, type BulkAccount } from "../lib/licensing";
import { listPeople } from "../lib/people/list-people";
import { parsePeopleQuery } from "../lib/people/people-query";
import { createScimToken } from "../lib/scim/tokens";

const require = createRequire(import.meta.url);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SCIM_USERS = Number(process.env.BENCH_SCIM_USERS ?? 10_000);
const actor = { id: null, label: "bench" };
const failures: string[] = [];
const rows: { what: string; median: string; p95: string; baseline: string; ratio: string; target: string; met: string }[] = [];
const notes: string[] = [];
const log = (line: string) => console.log(`[bench] ${line}`);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] };
}
async function timed(fn: () => Promise<unknown>, runs = RUNS) {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return stats(samples);
}
const ms = (n: number) => `${n.toFixed(1)} ms`;
function record(
  what: string,
  ours: { median: number; p95: number },
  baseline: { median: number; p95: number } | null,
  target: string,
  met: boolean,
) {
  rows.push({
    what,
    median: ms(ours.median),
    p95: ms(ours.p95),
    baseline: baseline ? `${ms(baseline.median)} / ${ms(baseline.p95)}` : "–",
    ratio: baseline ? `${(ours.p95 / baseline.p95).toFixed(1)}x` : "–",
    target,
    met: met ? "yes" : "NO",
  });
}

function treeRssKb(rootPid: number): number {
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

async function startApp(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      NEXT_TELEMETRY_DISABLED: "1",
      SYNC_CYCLE_SECONDS: "3600",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/login`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app on port ${port} did not start`);
}

async function signInCookie(base: string, username: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/` }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error("bench sign-in failed");
  return session;
}

async function main() {
  const started = Date.now();
  const root = process.cwd();
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("building the console first");
    execSync("npx next build", { stdio: "inherit" });
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-bench-"));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  const apps: ChildProcess[] = [];
  try {
    await ensureDatabase(server.url(), "bench");
    const url = server.url("bench");
    await applyMigrations(url);
    const db = createPrismaClient(url, { poolSize: 10 });
    const raw = new pg.Pool({ connectionString: url, max: 4 });

    // ---- seed ---------------------------------------------------------------------------
    await applyLicense(
      {
        actor,
        terms: {
          siteId: "bench",
          licenseId: "BENCH-1",
          licensee: "Bench Ltd",
          maxUsers: ACCOUNTS,
          maxExtranetUsers: ACCOUNTS,
          issuedAt: new Date(),
        },
      },
      db,
    );
    const intranet = await db.area.create({ data: { name: "Intranet", nameKey: "intranet", pool: "PRIMARY" } });
    const partners = await db.area.create({ data: { name: "Partners", nameKey: "partners", pool: "EXTRANET" } });
    const suppliers = await db.area.create({ data: { name: "Suppliers", nameKey: "suppliers", pool: "EXTRANET" } });
    const given = ["Alice", "Ben", "Chloe", "Daniel", "Emma", "Farid", "Grace", "Hugo", "Isla", "Jonas", "Kiran", "Lena"];
    const family = [
      "Anderson",
      "Brown",
      "Costa",
      "Dubois",
      "Evans",
      "Fischer",
      "Garcia",
      "Hughes",
      "Ivanova",
      "Jensen",
      "Khan",
      "Lopez",
      "Müller",
      "Nowak",
    ];
    const seedStart = performance.now();
    for (let offset = 0; offset < ACCOUNTS; offset += 5000) {
      const batch: BulkAccount[] = [];
      for (let i = offset; i < Math.min(ACCOUNTS, offset + 5000); i++) {
        const areaId = i % 10 < 8 ? intranet.id : i % 2 ? partners.id : suppliers.id;
        batch.push({
          username: `user${i}`,
          email: `user${i}@bench.example`,
          givenName: given[i % given.length],
          familyName: `${family[(i * 7) % family.length]}${i % 997}`,
          areaId,
          active: i % 7 !== 0,
        });
      }
      await bulkCreateAccounts({ actor, source: "IMPORT", accounts: batch }, db);
    }
    const seedMs = performance.now() - seedStart;
    await raw.query("VACUUM ANALYZE");
    log(`seeded ${ACCOUNTS} accounts in ${(seedMs / 1000).toFixed(1)} s`);
    notes.push(
      `Seeding ${ACCOUNTS.toLocaleString("en")} accounts (batches of 5,000 through lib/licensing bulkCreateAccounts): ${(seedMs / 1000).toFixed(1)} s.`,
    );

    // ---- People list and statistics ---------------------------------------------------------
    const select = `SELECT a.id, a.username, a.email, a."givenName", a."familyName", a.state, a."blockedReason", a."createdAt", a."lastSignInAt", ar.id AS "areaId", ar.name, ar.pool
      FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"`;
    const order = `ORDER BY a."familyName", a."givenName", a.id`;
    const search = `(a.username ILIKE $1 OR a.email ILIKE $1 OR a."givenName" ILIKE $1 OR a."familyName" ILIKE $1)`;
    const deepPage = Math.floor((ACCOUNTS * 0.99) / 25);
    const views: { what: string; params: Record<string, string>; sql: [string, unknown[]][] }[] = [
      {
        what: "People list: first page, default sort",
        params: {},
        sql: [
          [`SELECT count(*) FROM "Account" a`, []],
          [`${select} ${order} LIMIT 25`, []],
        ],
      },
      {
        what: 'People list: search "user4242"',
        params: { q: "user4242" },
        sql: [
          [`SELECT count(*) FROM "Account" a WHERE ${search}`, ["%user4242%"]],
          [`${select} WHERE ${search} ${order} LIMIT 25`, ["%user4242%"]],
        ],
      },
      {
        what: "People list: area + state filters",
        params: { area: partners.id, state: "blocked" },
        sql: [
          [`SELECT count(*) FROM "Account" a WHERE a."areaId" = $1 AND a.state = 'BLOCKED'`, [partners.id]],
          [`${select} WHERE a."areaId" = $1 AND a.state = 'BLOCKED' ${order} LIMIT 25`, [partners.id]],
        ],
      },
      {
        what: `People list: deep page (${deepPage})`,
        params: { page: String(deepPage) },
        sql: [
          [`SELECT count(*) FROM "Account" a`, []],
          [`${select} ${order} OFFSET ${(deepPage - 1) * 25} LIMIT 25`, []],
        ],
      },
    ];
    for (const view of views) {
      const query = parsePeopleQuery(view.params).query;
      const ours = await timed(() => listPeople(query, db));
      const baseline = await timed(() => Promise.all(view.sql.map(([text, values]) => raw.query(text, values))));
      record(view.what, ours, baseline, "p95 < 100 ms and ≤ 3x baseline", ours.p95 < 100 && ours.p95 <= 3 * baseline.p95);
    }
    const statsOurs = await timed(() => getSeatStatistics(db));
    const statsBase = await timed(() =>
      Promise.all([
        raw.query(`SELECT * FROM "SeatPool"`),
        raw.query(`SELECT ar.pool, count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE a.state = 'BLOCKED' GROUP BY 1`),
      ]),
    );
    record("Statistics area", statsOurs, statsBase, "p95 < 20 ms", statsOurs.p95 < 20);
    log("list and statistics measured");

    // ---- the app, twice ---------------------------------------------------------------------
    const password = "bench-password-1";
    await createAccount(
      {
        actor,
        source: "SEED",
        account: {
          username: "bench.admin",
          email: "bench.admin@bench.example",
          givenName: "Bench",
          familyName: "Admin",
          areaId: intranet.id,
          password,
          isPeopleAdmin: true,
          isSysadmin: true,
        },
      },
      db,
    );
    const [portA, portB] = [await findFreePort(), await findFreePort()];
    apps.push(await startApp(url, portA), await startApp(url, portB));
    const bases = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    log(`two app processes on ports ${portA} and ${portB}`);

    // ---- CSV export through the HTTP route ----------------------------------------------------
    const cookie = await signInCookie(bases[0], "bench.admin", password);
    const exportUrl = `${bases[0]}/admin/people/export?scope=all&${["username", "givenName", "familyName", "email", "area", "pool", "state", "blockedReason", "created", "lastSignIn", "source", "externalId"].map((c) => `columns=${c}`).join("&")}`;
    const exportSamples: number[] = [];
    let peakGrowthMb = 0;
    let exportedLines = 0;
    for (let run = 0; run < 5; run++) {
      const baseRss = treeRssKb(apps[0].pid!);
      let peak = baseRss;
      const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(apps[0].pid!))), 25);
      const start = performance.now();
      const response = await fetch(exportUrl, { headers: { cookie } });
      if (!response.ok) throw new Error(`export answered ${response.status}`);
      let lines = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const byte of value) if (byte === 10) lines++;
      }
      exportSamples.push(performance.now() - start);
      clearInterval(sampler);
      peakGrowthMb = Math.max(peakGrowthMb, (peak - baseRss) / 1024);
      exportedLines = lines;
    }
    const expectedLines = (await db.account.count()) + 1;
    if (exportedLines !== expectedLines) failures.push(`export wrote ${exportedLines} lines, expected ${expectedLines}`);
    const copySamples: number[] = [];
    for (let run = 0; run < 5; run++) {
      const client = await raw.connect();
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(
          copyTo(`COPY (SELECT a.username, a."givenName", a."familyName", a.email, ar.name, ar.pool, CASE WHEN a.state = 'ACTIVE' THEN 'Yes' ELSE 'No' END, a."blockedReason", a."createdAt", a."lastSignInAt", a.source, a."externalId"
          FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" ORDER BY a.username) TO STDOUT WITH CSV HEADER`),
        );
        stream.on("data", () => {});
        stream.on("end", () => resolve());
        stream.on("error", reject);
      });
      copySamples.push(performance.now() - start);
      client.release();
    }
    const exp = stats(exportSamples);
    const copy = stats(copySamples);
    record(
      `CSV export, all ${ACCOUNTS.toLocaleString("en")} accounts, 12 columns (HTTP)`,
      exp,
      copy,
      "≤ 3x COPY",
      exp.median <= 3 * copy.median,
    );
    notes.push(
      `Export: ${exportedLines.toLocaleString("en")} lines per file; server process-tree RSS grew by at most ${peakGrowthMb.toFixed(0)} MB during an export (target < 100 MB: ${peakGrowthMb < 100 ? "met" : "NOT met"}).`,
    );
    log("export measured");

    // ---- seat contention over HTTP, two processes ----------------------------------------------
    const { token } = await createScimToken({ actor, name: "bench" }, db);
    const scimHeaders = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
    const blocked: { id: string }[] = [];
    for (let i = 0; i < 250; i++) {
      blocked.push(
        await createAccount(
          {
            actor,
            source: "DIRECTORY",
            blocked: { reason: "DIRECTORY" },
            account: {
              username: `contender${i}`,
              email: `contender${i}@bench.example`,
              givenName: "C",
              familyName: `${i}`,
              areaId: intranet.id,
            },
          },
          db,
        ),
      );
    }
    const before = (await getSeatStatistics(db)).find((s) => s.pool === "PRIMARY")!;
    await applyLicense(
      {
        actor,
        terms: {
          siteId: "bench",
          licenseId: "BENCH-2",
          licensee: "Bench Ltd",
          maxUsers: before.used + 20,
          maxExtranetUsers: ACCOUNTS,
          issuedAt: new Date(),
        },
      },
      db,
    );
    const latencies: number[] = [];
    let errors = 0;
    const contentionStart = performance.now();
    await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const base = bases[i % 2];
        const start = performance.now();
        const response =
          i % 2 === 0
            ? await fetch(`${base}/scim/v2/Users`, {
                method: "POST",
                headers: scimHeaders,
                body: JSON.stringify({
                  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
                  userName: `racer${i}@bench.example`,
                  name: { givenName: "R", familyName: `${i}` },
                  active: true,
                }),
              })
            : await fetch(`${base}/scim/v2/Users/${blocked[(i - 1) / 2].id}`, {
                method: "PATCH",
                headers: scimHeaders,
                body: JSON.stringify({
                  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  Operations: [{ op: "replace", path: "active", value: true }],
                }),
              });
        await response.text();
        if (response.status >= 500) errors++;
        latencies.push(performance.now() - start);
      }),
    );
    const contentionMs = performance.now() - contentionStart;
    const after = (await getSeatStatistics(db)).find((s) => s.pool === "PRIMARY")!;
    const counters = await raw.query(
      `SELECT sp.pool, sp."activeCount" AS counter, (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE ar.pool = sp.pool AND a.state = 'ACTIVE')::int AS real FROM "SeatPool" sp`,
    );
    const gained = after.used - before.used;
    if (gained !== 20) failures.push(`seat contention: ${gained} accounts became active, expected exactly 20`);
    if (after.used > after.limit) failures.push(`seat contention: used ${after.used} > limit ${after.limit}`);
    if (errors) failures.push(`seat contention: ${errors} requests answered 5xx`);
    for (const c of counters.rows) if (c.counter !== c.real) failures.push(`seat counter ${c.pool} = ${c.counter}, real count ${c.real}`);
    const lat = stats(latencies);
    record(
      "Seat contention: 500 SCIM creates + re-activations, 2 processes, 20 free seats (per request)",
      lat,
      null,
      "exactly 20 succeed",
      gained === 20,
    );
    notes.push(
      `Seat contention: ${gained} of 500 attempts took a seat (exactly 20 expected), the other ${500 - gained} were left waiting for a seat; ${(500 / (contentionMs / 1000)).toFixed(0)} attempts/s over both processes, p95 latency ${ms(lat.p95)}; seat counters equal real counts afterwards: ${counters.rows.every((c) => c.counter === c.real) ? "yes" : "NO"}.`,
    );
    log("contention measured");

    // ---- SCIM provisioning ------------------------------------------------------------------
    await applyLicense(
      {
        actor,
        terms: {
          siteId: "bench",
          licenseId: "BENCH-3",
          licensee: "Bench Ltd",
          maxUsers: ACCOUNTS * 2,
          maxExtranetUsers: ACCOUNTS,
          issuedAt: new Date(),
        },
      },
      db,
    );
    let next = 0;
    let scimErrors = 0;
    const provisionStart = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, worker) => {
        for (let i = next++; i < SCIM_USERS; i = next++) {
          const response = await fetch(`${bases[worker % 2]}/scim/v2/Users`, {
            method: "POST",
            headers: scimHeaders,
            body: JSON.stringify({
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
              userName: `scim${i}@bench.example`,
              name: { givenName: "S", familyName: `${i}` },
              externalId: `ext-${i}`,
            }),
          });
          await response.text();
          if (response.status !== 201) scimErrors++;
        }
      }),
    );
    const provisionS = (performance.now() - provisionStart) / 1000;
    if (scimErrors) failures.push(`SCIM provisioning: ${scimErrors} of ${SCIM_USERS} creates failed`);
    notes.push(
      `SCIM provisioning: ${SCIM_USERS.toLocaleString("en")} users through POST /scim/v2/Users (16 concurrent clients over 2 processes) in ${provisionS.toFixed(1)} s: ${(SCIM_USERS / provisionS).toFixed(0)} users/s; ${scimErrors} failures.`,
    );
    log("SCIM provisioning measured");

    await raw.end();
    await db.$disconnect();
  } finally {
    for (const app of apps) app.kill("SIGTERM");
    await Promise.all(apps.map((app) => new Promise((r) => (app.exitCode !== null ? r(null) : app.on("exit", r)))));
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }

  const commit = (() => {
    try {
      return (
        execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim() +
        (execSync("git status --porcelain", { encoding: "utf8" }).trim() ? " (with uncommitted changes)" : "")
      );
    } catch {
      return "unknown";
    }
  })();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  const table = [
    "| measurement | median | p95 | raw-SQL baseline (median / p95) | p95 ratio | target | met |",
    "|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.what} | ${r.median} | ${r.p95} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met} |`),
  ].join("\n");
  const markdown = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, commit ${commit}.
Machine: ${machine}. Embedded PostgreSQL, ${ACCOUNTS.toLocaleString("en")} accounts (80% primary area, 20% across two
extranets, one in seven blocked), ${RUNS} timed runs after 3 warm-ups for each list/statistics figure (server
time, in process), 5 runs for the export (wall time of the HTTP download). The export baseline is PostgreSQL's
\`COPY (SELECT …) TO STDOUT WITH CSV\` of the same columns; the ratio for the export compares medians.

${table}

${notes.map((n) => `- ${n}`).join("\n")}

Correctness checks: ${failures.length ? failures.map((f) => `FAILED: ${f}`).join("; ") : "all passed"}.
Total run time: ${((Date.now() - started) / 1000).toFixed(0)} s. The machine is shared: slow figures are noted, not failed.
`;
  await writeFile(path.join(root, "BENCHMARKS.md"), markdown);
  console.log(`\n${table}\n\n${notes.join("\n")}\n`);
  if (failures.length) {
    console.error(`correctness checks failed:\n- ${failures.join("\n- ")}`);
    process.exit(1);
  }
  console.log("all correctness checks passed; BENCHMARKS.md written");
  process.exit(0);
}

main().catch((error) => {
  console.error(`[bench] failed: ${error instanceof Error ? error.stack : error}`);
  process.exit(1);
});
