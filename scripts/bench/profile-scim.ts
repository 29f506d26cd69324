// `npx tsx scripts/profile-scim.ts`: one SCIM create and one PATCH, query by query. Not a bench
// section (its figures are a diagnosis, not a target): it seeds PROFILE_ACCOUNTS accounts (100,000
// by default) on a fresh embedded PostgreSQL that logs every statement with its server-side
// duration, then drives handleScimRequest in-process and prints, per request, every statement
// in order with Prisma's client-side time (round trip included) and the server's own time, and the
// mean wall and Node CPU time of 200 sequential requests of each kind (PROFILE_CPU=<prefix> also
// writes their V8 CPU profiles).
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { PrismaPg } from "@prisma/adapter-pg";
import { ensureDatabase, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrations";
import { createPrismaClient } from "../../lib/db/client";
import { preparedStatementName } from "../../lib/db/prepared-statements";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { handleScimRequest } from "../../lib/scim/handle-request";
import { scimHeaders } from "./scim-client";
import { seedSite } from "./seed";

type Logged = { at: number; ms: number; sql: string };

async function main() {
  const accounts = Number(process.env.PROFILE_ACCOUNTS ?? 100_000);
  const dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-profile-"));
  await chmod(dir, 0o755);
  let serverLog: string[] = [];
  let capturing = false;
  let lastChunk = "";
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    onLog: (text) => {
      // startEmbeddedPostgres hands each stderr chunk over twice (two listeners): keep one.
      if (!capturing || text === lastChunk) return;
      lastChunk = text;
      // One statement per "duration:" line; its SQL may continue on the lines after it.
      for (const line of text.split("\n")) {
        if (/^\d{4}-\d\d-\d\d /.test(line)) serverLog.push(line);
        else if (serverLog.length && line.trim()) serverLog[serverLog.length - 1] += ` ${line.trim()}`;
      }
    },
  });
  try {
    await ensureDatabase(server.url(), "profile");
    const url = server.url("profile");
    await applyMigrations(url);
    const seedDb = createPrismaClient(url);
    const raw = new pg.Pool({ connectionString: url, max: 4 });
    await seedSite({ accounts, runs: 1, scimUsers: 0, url, db: seedDb, raw });
    const headers = await scimHeaders(seedDb);
    await raw.query(`ALTER SYSTEM SET log_min_duration_statement = 0`);
    await raw.query(`SELECT pg_reload_conf()`);

    let queries: Logged[] = [];
    const client = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: 10 }, { statementNameGenerator: preparedStatementName }),
      log: [{ emit: "event", level: "query" }],
      transactionOptions: { maxWait: 20_000, timeout: 20_000 },
    });
    client.$on("query", (e) => queries.push({ at: performance.now(), ms: e.duration, sql: e.query }));

    const base = "http://127.0.0.1/scim/v2";
    const call = (method: string, segments: string[], body: unknown) =>
      handleScimRequest(
        { method, segments, url: new URL(`${base}/${segments.join("/")}`), headers: new Headers(headers), body: JSON.stringify(body) },
        client,
      );
    const create = (i: number) =>
      call("POST", ["Users"], {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `profile${i}@bench.example`,
        name: { givenName: "P", familyName: `${i}` },
        externalId: `profile-ext-${i}`,
      });
    const patch = (id: string, i: number) =>
      call("PATCH", ["Users", id], {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "replace", path: "displayName", value: `Profiled ${i}` },
          { op: "replace", path: "name.givenName", value: `G${i}` },
        ],
      });

    // Warm-up: the token cache, the primary area, the JIT, the pool's connections.
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const response = await create(i);
      if (response.status !== 201) throw new Error(`warm-up create: ${response.status} ${await response.text()}`);
      ids.push(((await response.json()) as { id: string }).id);
      await patch(ids[i], i);
    }

    // Sequential averages: wall and CPU time per request, no concurrency.
    const n = 200;
    for (const [label, run] of [
      ["create", (i: number) => create(1000 + i)],
      ["PATCH", (i: number) => patch(ids[i % ids.length], 1000 + i)],
    ] as const) {
      queries = [];
      const session = new Session();
      if (process.env.PROFILE_CPU) {
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
      }
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < n; i++) await (await run(i)).text();
      const wall = (performance.now() - start) / n;
      const used = process.cpuUsage(cpu);
      if (process.env.PROFILE_CPU) {
        const { profile } = await session.post("Profiler.stop");
        await writeFile(`${process.env.PROFILE_CPU}-${label}.cpuprofile`, JSON.stringify(profile));
        session.disconnect();
      }
      console.log(
        `${label}: ${n} sequential requests, ${wall.toFixed(2)} ms each, Node CPU ${((used.user + used.system) / 1000 / n).toFixed(2)} ms each, ${(queries.length / n).toFixed(1)} statements each (Prisma's count)`,
      );
    }

    for (const [label, run] of [
      ["create", () => create(9_999)],
      ["PATCH", () => patch(ids[0], 9_999)],
    ] as const) {
      queries = [];
      serverLog = [];
      capturing = true;
      const start = performance.now();
      const response = await run();
      await response.text();
      const total = performance.now() - start;
      await new Promise((r) => setTimeout(r, 300)); // the server's log lines arrive a little later
      capturing = false;
      console.log(`\n${label}: ${response.status}, ${total.toFixed(1)} ms in-process, ${queries.length} statements (Prisma)`);
      let last = start;
      for (const q of queries) {
        const began = q.at - q.ms;
        console.log(
          `  +${(began - last).toFixed(1).padStart(5)} gap  ${q.ms.toFixed(1).padStart(5)} ms  ${q.sql.replace(/\s+/g, " ").slice(0, 150)}`,
        );
        last = q.at;
      }
      console.log(`  server side (log_min_duration_statement = 0), ${serverLog.length} statements:`);
      for (const line of serverLog.filter((l) => l.includes("duration:")))
        console.log(
          `    ${line
            .replace(/^.*duration: /, "")
            .replace(/\s+/g, " ")
            .slice(0, 150)}`,
        );
    }
    await client.$disconnect();
    await seedDb.$disconnect();
    await raw.end();
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
