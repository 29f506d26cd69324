import { applyLicense, createAccount, deleteAccountsInBatch, getSeatStatistics } from "../../lib/licensing";
import { actor, type Apps, type BenchContext, type SeededAreas } from "./context";
import { log, ms, row, stats, type SectionResult } from "./measure";
import { closeIdleConnections, scimCall } from "./scim-client";

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
 * Bursts run first and not counted: on a server that has just started, each of the first bursts
 * is faster than the one before (measured: 223, 296, 331, 362, 367, 357 attempts/s), as the seat
 * paths warm up. The two first bring it to where a server that has been up is.
 */
const WARM_BURSTS = 2;
/** Bursts measured; the report gives the median one (a burst lasts about two seconds: one is noise). */
const ROUNDS = 3;

type Burst = { round: number; gained: number; errors: number; perSecond: number; latencies: number[]; p95: number };

/**
 * One burst: 250 accounts the directory deactivated, then 20 free primary seats, then 500 SCIM
 * requests at once over both processes (creations of new users, and re-activations of those
 * accounts). Exactly 20 must take a seat.
 */
async function burst(
  { db, accounts }: BenchContext,
  { intranet }: SeededAreas,
  apps: Apps,
  scimHeaders: Record<string, string>,
  round: number,
): Promise<Burst> {
  const blocked: { id: string }[] = [];
  for (let i = 0; i < 250; i++) {
    blocked.push(
      await createAccount(
        {
          actor,
          source: "DIRECTORY",
          blocked: { reason: "DIRECTORY" },
          account: {
            username: `contender${round}-${i}`,
            email: `contender${round}-${i}@bench.example`,
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
        licenseId: `BENCH-2-${round}`,
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
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 500 }, async (_, i) => {
      const base = apps.bases[i % 2];
      const sent = performance.now();
      const response =
        i % 2 === 0
          ? await scimCall(base, "POST", "Users", scimHeaders, {
              schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
              userName: `racer${round}-${i}@bench.example`,
              name: { givenName: "R", familyName: `${i}` },
              active: true,
            })
          : await scimCall(base, "PATCH", `Users/${blocked[(i - 1) / 2].id}`, scimHeaders, {
              schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              Operations: [{ op: "replace", path: "active", value: true }],
            });
      if (response.status >= 500) errors++;
      latencies.push(performance.now() - sent);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  closeIdleConnections();
  const after = (await getSeatStatistics(db)).find((s) => s.pool === "PRIMARY")!;
  // The burst's 480 waiting accounts go, so that the next burst's seats are not theirs.
  const waiting = await db.account.findMany({
    where: {
      blockedReason: "NO_SEAT",
      OR: [{ username: { startsWith: `contender${round}-` } }, { username: { startsWith: `racer${round}-` } }],
    },
    select: { id: true },
  });
  await db.$transaction((tx) => deleteAccountsInBatch(tx, { actor, accountIds: waiting.map((a) => a.id) }), { timeout: 60_000 });
  return { round, gained: after.used - before.used, errors, perSecond: 500 / seconds, latencies, p95: stats(latencies).p95 };
}

/**
 * WARM_BURSTS then ROUNDS bursts of 500 SCIM requests at once over both processes (creates, and
 * re-activations of blocked accounts) for 20 free primary seats each: exactly 20 must take one
 * each time, and the seat counters must equal real counts.
 */
export async function measureSeatContention(
  context: BenchContext,
  areas: SeededAreas,
  apps: Apps,
  scimHeaders: Record<string, string>,
): Promise<SectionResult> {
  const failures: string[] = [];
  await warmUp(apps, scimHeaders);
  closeIdleConnections();
  const bursts: Burst[] = [];
  const warming: Burst[] = [];
  for (let round = 1; round <= WARM_BURSTS + ROUNDS; round++) {
    (round <= WARM_BURSTS ? warming : bursts).push(await burst(context, areas, apps, scimHeaders, round));
  }
  const counters = await context.raw.query(
    `SELECT sp.pool, sp."activeCount" AS counter, (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE ar.pool = sp.pool AND a.state = 'ACTIVE')::int AS real FROM "SeatPool" sp`,
  );
  for (const b of [...warming, ...bursts]) {
    if (b.gained !== 20) failures.push(`seat contention, burst ${b.round}: ${b.gained} accounts became active, expected exactly 20`);
    if (b.errors) failures.push(`seat contention, burst ${b.round}: ${b.errors} requests answered 5xx`);
  }
  for (const c of counters.rows) if (c.counter !== c.real) failures.push(`seat counter ${c.pool} = ${c.counter}, real count ${c.real}`);
  const median = [...bursts].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(ROUNDS / 2)];
  const lat = stats(median.latencies);
  const exact = [...warming, ...bursts].every((b) => b.gained === 20);
  const rows = [
    row(
      `Seat contention: 500 SCIM creates + re-activations, 2 processes, 20 free seats (per request; the median of ${ROUNDS} bursts, after ${WARM_BURSTS} warm-up bursts)`,
      lat,
      null,
      `exactly 20 succeed, ≥ 300 attempts/s (${median.perSecond.toFixed(0)}), p95 < 2 s`,
      exact && median.perSecond >= 300 && lat.p95 < 2000,
    ),
  ];
  const described = (list: Burst[]) =>
    list.map((b) => `${b.gained} took a seat, ${b.perSecond.toFixed(0)} attempts/s, p95 ${ms(b.p95)}`).join("; ");
  const notes = [
    `Seat contention, ${WARM_BURSTS} warm-up bursts then ${ROUNDS} measured, 500 attempts on 20 free seats each. Warm-up: ${described(warming)}. Measured: ${described(bursts)}. In each, the other 480 were left waiting for a seat (and deleted before the next burst). The table gives the median measured burst (${median.perSecond.toFixed(0)} attempts/s); seat counters equal real counts afterwards: ${counters.rows.every((c) => c.counter === c.real) ? "yes" : "NO"}.`,
  ];

  log("contention measured");
  return { rows, notes, failures };
}
