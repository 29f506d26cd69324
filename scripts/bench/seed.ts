import { refreshAccountStatistics } from "../../lib/db/refresh-account-statistics";
import { applyLicense, bulkCreateAccounts, type BulkAccount } from "../../lib/licensing";
import { FAMILY_NAMES as FAMILY, GIVEN_NAMES as GIVEN } from "../../prisma/seed";
import { actor, type BenchContext, type SeededAreas } from "./context";
import { log, type SectionResult } from "./measure";

/** A license for every account, three areas, and the accounts (80% primary, one in seven blocked), timed. */
export async function seedSite({ db, raw, accounts }: BenchContext): Promise<{ areas: SeededAreas; result: SectionResult }> {
  await applyLicense(
    {
      actor,
      terms: {
        siteId: "bench",
        licenseId: "BENCH-1",
        licensee: "Bench Ltd",
        maxUsers: accounts,
        maxExtranetUsers: accounts,
        issuedAt: new Date(),
      },
    },
    db,
  );
  const intranet = await db.area.create({ data: { name: "Intranet", nameKey: "intranet", pool: "PRIMARY" } });
  const partners = await db.area.create({ data: { name: "Partners", nameKey: "partners", pool: "EXTRANET" } });
  const suppliers = await db.area.create({ data: { name: "Suppliers", nameKey: "suppliers", pool: "EXTRANET" } });
  const seedStart = performance.now();
  const batch: BulkAccount[] = [];
  for (let i = 0; i < accounts; i++) {
    const areaId = i % 10 < 8 ? intranet.id : i % 2 ? partners.id : suppliers.id;
    batch.push({
      username: `user${i}`,
      email: `user${i}@bench.example`,
      givenName: GIVEN[i % GIVEN.length],
      familyName: `${FAMILY[(i * 7) % FAMILY.length]}${i % 997}`,
      areaId,
      active: i % 7 !== 0,
    });
  }
  // The site has no accounts yet: one initial load, its indexes built after the rows.
  await bulkCreateAccounts({ actor, source: "IMPORT", accounts: batch, initialLoad: true }, db);
  // The statistics are the console's own doing (bulkCreateAccounts, then this call, as any bulk
  // load would); VACUUM only sets the visibility map autovacuum would set within a minute.
  const analysed = await refreshAccountStatistics(accounts, db);
  const seedMs = performance.now() - seedStart;
  await raw.query("VACUUM");
  log(`seeded ${accounts} accounts in ${(seedMs / 1000).toFixed(1)} s`);
  const { rows: counters } = await raw.query<{ pool: string; counter: number; real: number }>(
    `SELECT sp.pool, sp."activeCount" AS counter,
       (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" WHERE ar.pool = sp.pool AND a.state = 'ACTIVE')::int AS real
     FROM "SeatPool" sp ORDER BY sp.pool`,
  );
  const failures = counters
    .filter((c) => c.counter !== c.real)
    .map((c) => `after seeding, ${c.pool} counts ${c.counter} seats used but ${c.real} accounts are active`);
  const note = `Seeding ${accounts.toLocaleString("en")} accounts (one initial load through lib/licensing bulkCreateAccounts: one INSERT … SELECT of arrays, Account's indexes built after the rows; ${analysed ? "analysed at the end" : "statistics already fresh at the end"}; seat counters ${failures.length ? "NOT equal to" : "equal to"} real counts): ${(seedMs / 1000).toFixed(1)} s.`;
  return { areas: { intranet, partners, suppliers }, result: { rows: [], notes: [note], failures } };
}
