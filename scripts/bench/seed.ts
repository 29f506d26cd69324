import { refreshAccountStatistics } from "../../lib/db/refresh-account-statistics";
import { applyLicense, bulkCreateAccounts, type BulkAccount } from "../../lib/licensing";
import { FAMILY_NAMES as FAMILY, GIVEN_NAMES as GIVEN } from "../../prisma/seed";
import { actor, type BenchContext, type SeededAreas } from "./context";
import { log, type SectionResult } from "./measure";

// Accounts per bulkCreateAccounts call (one transaction, one INSERT … SELECT of arrays each).
const SEED_BATCH = 100_000;

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
  for (let offset = 0; offset < accounts; offset += SEED_BATCH) {
    const batch: BulkAccount[] = [];
    for (let i = offset; i < Math.min(accounts, offset + SEED_BATCH); i++) {
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
    await bulkCreateAccounts({ actor, source: "IMPORT", accounts: batch }, db);
  }
  // The statistics are the console's own doing (bulkCreateAccounts, then this call, as any bulk
  // load would); VACUUM only sets the visibility map autovacuum would set within a minute.
  const analysed = await refreshAccountStatistics(accounts, db);
  const seedMs = performance.now() - seedStart;
  await raw.query("VACUUM");
  log(`seeded ${accounts} accounts in ${(seedMs / 1000).toFixed(1)} s`);
  const note = `Seeding ${accounts.toLocaleString("en")} accounts (batches of ${SEED_BATCH.toLocaleString("en")} through lib/licensing bulkCreateAccounts, which refreshes the statistics while the table grows by a tenth or more; ${analysed ? "analysed again at the end" : "already fresh at the end"}): ${(seedMs / 1000).toFixed(1)} s.`;
  return { areas: { intranet, partners, suppliers }, result: { rows: [], notes: [note], failures: [] } };
}
