import pg from "pg";
import { applyLicense } from "../../lib/licensing";
import { actor, type Apps, type BenchContext } from "./context";
import { log, ms, row, stats, type SectionResult } from "./measure";
import { scimCall } from "./scim-client";

const CLIENTS = 16;

/** Runs `count` calls through CLIENTS concurrent workers; per-call latencies and the wall time. */
async function provision(count: number, call: (i: number, worker: number) => Promise<boolean>) {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, worker) => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        if (!(await call(i, worker))) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { latencies, errors, seconds, perSecond: count / seconds };
}

/**
 * BENCH_SCIM_USERS creates through POST /scim/v2/Users, 16 concurrent clients over both processes.
 * Baseline, same run: the least SQL a creation needs (take a seat, insert the account and its
 * audit event, one transaction each) from 16 plain `pg` connections, for a tenth of the users.
 */
export async function measureScimProvisioning(
  { db, url, accounts, scimUsers }: BenchContext,
  apps: Apps,
  scimHeaders: Record<string, string>,
): Promise<SectionResult> {
  await applyLicense(
    {
      actor,
      terms: {
        siteId: "bench",
        licenseId: "BENCH-3",
        licensee: "Bench Ltd",
        maxUsers: accounts * 2,
        maxExtranetUsers: accounts,
        issuedAt: new Date(),
      },
    },
    db,
  );
  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  const rawUsers = Math.max(100, Math.round(scimUsers / 10));
  let raw;
  let chain;
  try {
    const [{ id: areaId }] = (await pool.query(`SELECT id FROM "Area" WHERE pool = 'PRIMARY' ORDER BY "createdAt" LIMIT 1`)).rows;
    raw = await provision(rawUsers, async (i) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query(
          `UPDATE "SeatPool" SET "activeCount" = "activeCount" + 1 WHERE pool = 'PRIMARY' AND "activeCount" < "seatLimit"`,
        );
        const created = await client.query(
          `INSERT INTO "Account" (id, username, email, "givenName", "familyName", "areaId", state, source, "externalId", "updatedAt")
           VALUES (gen_random_uuid(), $1, $2, 'S', $3, $4, 'ACTIVE', 'DIRECTORY', $5, now()) RETURNING id`,
          [`rawscim${i}@bench.example`, `rawscim${i}@bench.example`, `${i}`, areaId, `raw-ext-${i}`],
        );
        await client.query(
          `INSERT INTO "AuditEvent" ("actorLabel", action, outcome, "accountId", "accountLabel", pool) VALUES ('bench', 'account.create', 'SUCCESS', $1, $2, 'PRIMARY')`,
          [created.rows[0].id, `rawscim${i}@bench.example`],
        );
        await client.query("COMMIT");
        return true;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    });
    // Audit events alone, as fast as the connections go: they are written without a place in the
    // chain and sealed a moment later by the app's sealer (lib/audit/seal-audit-chain.ts; the
    // history section times the sealing of a million).
    chain = await provision(rawUsers, async (i) => {
      await pool.query(
        `INSERT INTO "AuditEvent" ("actorLabel", action, outcome, "accountLabel", pool, detail) VALUES ('bench', 'bench.chain', 'SUCCESS', $1, 'PRIMARY', 'the chain alone')`,
        [`chain${i}@bench.example`],
      );
      return true;
    });
  } finally {
    await pool.end();
  }

  const scim = await provision(scimUsers, async (i, worker) => {
    const response = await scimCall(apps.bases[worker % 2], "POST", "Users", scimHeaders, {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `scim${i}@bench.example`,
      name: { givenName: "S", familyName: `${i}` },
      externalId: `ext-${i}`,
    });
    return response.status === 201;
  });
  const lat = stats(scim.latencies);
  const met = scim.perSecond >= 400 && lat.p95 < 100 && scim.errors === 0;
  const failures = scim.errors ? [`SCIM provisioning: ${scim.errors} of ${scimUsers} creates failed`] : [];
  const rows = [
    row(
      `SCIM provisioning: POST /scim/v2/Users, ${CLIENTS} clients over 2 processes (per request; baseline: the same writes in raw SQL)`,
      lat,
      stats(raw.latencies),
      "≥ 400 users/s, p95 < 100 ms",
      met,
    ),
  ];
  const notes = [
    `SCIM provisioning: ${scimUsers.toLocaleString("en")} users through POST /scim/v2/Users (${CLIENTS} concurrent clients over 2 processes) in ${scim.seconds.toFixed(1)} s: ${scim.perSecond.toFixed(0)} users/s, p95 ${ms(lat.p95)}; ${scim.errors} failures. Baseline in the same run, the same writes in raw SQL from ${CLIENTS} connections: ${raw.perSecond.toFixed(0)} users/s (${rawUsers} users), so SCIM runs at ${((100 * scim.perSecond) / raw.perSecond).toFixed(0)}% of it. Audit events alone (autocommitted inserts from ${CLIENTS} connections, sealed into the chain afterwards): ${chain.perSecond.toFixed(0)} events/s.`,
  ];
  log("SCIM provisioning measured");
  return { rows, notes, failures };
}
