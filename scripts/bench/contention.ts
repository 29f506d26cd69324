import { applyLicense, createAccount, getSeatStatistics } from "../../lib/licensing";
import { actor, type Apps, type BenchContext, type SeededAreas } from "./context";
import { log, ms, row, stats, type SectionResult } from "./measure";
import { scimCall } from "./scim-client";

/**
 * Each process's SCIM route loaded and its paths run a few times before the burst, as on a server
 * that has been up (the first request to a route loads its modules): per process, 20 creations of
 * deactivated users (no seat) and a PATCH of each, then those users deleted.
 */
async function warmUp(apps: Apps, scimHeaders: Record<string, string>) {
  await Promise.all(
    apps.bases.map(async (base, p) => {
      for (let i = 0; i < 20; i++) {
        const call = async (method: string, path: string, body?: unknown) => {
          const response = await scimCall(base, method, path, scimHeaders, body);
          if (response.status >= 400) throw new Error(`warm-up ${method} ${path} answered ${response.status}`);
          return response.status === 204 ? null : (JSON.parse(response.text) as { id: string });
        };
        const user = await call("POST", "Users", {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: `warm${p}-${i}@bench.example`,
          name: { givenName: "W", familyName: `${i}` },
          active: false,
        });
        await call("PATCH", `Users/${user!.id}`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "name.givenName", value: "Warm" }],
        });
        await call("DELETE", `Users/${user!.id}`);
      }
    }),
  );
}

/**
 * 500 SCIM requests at once over both processes (creates, and re-activations of blocked accounts)
 * for 20 free primary seats: exactly 20 must take one, and the seat counters must equal real counts.
 */
export async function measureSeatContention(
  { db, raw, accounts }: BenchContext,
  { intranet }: SeededAreas,
  apps: Apps,
  scimHeaders: Record<string, string>,
): Promise<SectionResult> {
  const failures: string[] = [];
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
  await warmUp(apps, scimHeaders);
  const before = (await getSeatStatistics(db)).find((s) => s.pool === "PRIMARY")!;
  await applyLicense(
    {
      actor,
      terms: {
        siteId: "bench",
        licenseId: "BENCH-2",
        licensee: "Bench Ltd",
        maxUsers: before.used + 20,
        maxExtranetUsers: accounts,
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
      const base = apps.bases[i % 2];
      const start = performance.now();
      const response =
        i % 2 === 0
          ? await scimCall(base, "POST", "Users", scimHeaders, {
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
              userName: `racer${i}@bench.example`,
              name: { givenName: "R", familyName: `${i}` },
              active: true,
            })
          : await scimCall(base, "PATCH", `Users/${blocked[(i - 1) / 2].id}`, scimHeaders, {
              schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              Operations: [{ op: "replace", path: "active", value: true }],
            });
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
  const perSecond = 500 / (contentionMs / 1000);
  const rows = [
    row(
      "Seat contention: 500 SCIM creates + re-activations, 2 processes, 20 free seats (per request)",
      lat,
      null,
      `exactly 20 succeed, ≥ 300 attempts/s (${perSecond.toFixed(0)}), p95 < 2 s`,
      gained === 20 && perSecond >= 300 && lat.p95 < 2000,
    ),
  ];
  const notes = [
    `Seat contention: ${gained} of 500 attempts took a seat (exactly 20 expected), the other ${500 - gained} were left waiting for a seat; ${perSecond.toFixed(0)} attempts/s over both processes, p95 latency ${ms(lat.p95)}; seat counters equal real counts afterwards: ${counters.rows.every((c) => c.counter === c.real) ? "yes" : "NO"}.`,
  ];
  log("contention measured");
  return { rows, notes, failures };
}
