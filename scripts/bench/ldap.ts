// "LDAP sync of 10,000 entries": a real slapd (test/ldap/test-directory.ts) with 10,000 generated
// people playing Active Directory (500 of them in a partners group, 100 disabled, 1 in 1000
// malformed), synced into a fresh site database whose primary pool is 1,000 seats short: times the
// first sync and a second sync with nothing to change, and checks the counts and the seat rules.
// Runs alone too: `npx tsx scripts/bench/ldap.ts` (starts its own embedded PostgreSQL).
import { mkdtemp, rm, chmod } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createPrismaClient } from "../../lib/db/client";
import { ensureDatabase, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrations";
import { previewLdapSync, runLdapSync } from "../../lib/ldap/run-sync";
import { saveLdapSettings } from "../../lib/ldap/settings";
import { LDAP_PRESETS } from "../../lib/ldap/settings-schema";
import { applyLicense } from "../../lib/licensing";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import {
  groupDn,
  groupLdif,
  personLdif,
  SERVICE_DN,
  SERVICE_PASSWORD,
  startTestDirectory,
  TEST_SUFFIX,
} from "../../test/ldap/test-directory";
import { actor } from "./context";
import { log, type SectionResult } from "./measure";

/** 10,000 in `npm run bench`; the standalone run takes another size: `npx tsx scripts/bench/ldap.ts 100000`. */
let ENTRIES = 10_000;
const PARTNERS = 500;
/** One in 100 is disabled (i % 100 = 50), one in 1,000 has no mail (i % 1000 = 999). */
const disabledCount = () => ENTRIES / 100;
const malformedCount = () => ENTRIES / 1000;
/** Primary seats: the enabled, well-formed primary people minus 1,000, who wait. */
const primarySeats = () => ENTRIES - PARTNERS - disabledCount() - malformedCount() - 1000;

const guidOf = (i: number) => `${i.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;

function generatedLdif(): string {
  const people: string[] = [];
  for (let i = 0; i < ENTRIES; i++) {
    const uid = `person${i}`;
    const malformed = i % 1000 === 999; // no mail
    people.push(
      personLdif({
        uid,
        givenName: "Given",
        sn: `Family ${i}`,
        guid: guidOf(i),
        disabled: i % 100 === 50,
        mail: malformed ? "" : undefined,
      }),
    );
  }
  const partners = Array.from({ length: PARTNERS }, (_, k) => `person${k * 20 + 1}`);
  return [...people, groupLdif("partners", partners)].join("\n");
}

/** The section: `serverUrl` is the benchmark's PostgreSQL server (a database of its own is made there). */
export async function measureLdapSync(serverUrl: string): Promise<SectionResult> {
  const failures: string[] = [];
  process.env.AUTH_SECRET ||= "bench-secret-bench-secret-bench-secret";
  log(`LDAP: starting slapd and loading ${ENTRIES.toLocaleString("en")} people`);
  const loadStart = performance.now();
  const directory = await startTestDirectory({ ldif: generatedLdif(), pageLimit: 1000 });
  const loadS = (performance.now() - loadStart) / 1000;
  await ensureDatabase(serverUrl, "bench_ldap");
  const url = serverUrl.replace(/\/[^/]*$/, "/bench_ldap");
  await applyMigrations(url);
  const db = createPrismaClient(url, { poolSize: 4 });
  try {
    await applyLicense(
      {
        actor,
        terms: {
          siteId: "bench-ldap",
          licenseId: "BENCH-LDAP",
          licensee: "Bench Ltd",
          maxUsers: primarySeats(),
          maxExtranetUsers: PARTNERS,
          issuedAt: new Date(),
        },
      },
      db,
    );
    const intranet = await db.area.create({ data: { name: "Intranet", nameKey: "intranet", pool: "PRIMARY" } });
    const partners = await db.area.create({ data: { name: "Partners", nameKey: "partners", pool: "EXTRANET" } });
    await saveLdapSettings(
      {
        actor,
        settings: {
          url: directory.url,
          caCertificate: directory.caCertificate,
          bindDn: SERVICE_DN,
          bindPassword: SERVICE_PASSWORD,
          baseDn: `ou=people,${TEST_SUFFIX}`,
          ...LDAP_PRESETS.ACTIVE_DIRECTORY,
          userFilter: "(objectClass=inetOrgPerson)",
          preset: "ACTIVE_DIRECTORY",
          areaMode: "GROUPS",
          areaRules: [{ areaId: partners.id, match: groupDn("partners") }],
          defaultAreaId: intranet.id,
          scheduleMinutes: null,
        },
      },
      db,
    );
    // Reading and checking alone (a preview writes nothing): the rest of a first sync is writing.
    const previewStart = performance.now();
    const preview = await previewLdapSync(db);
    const previewS = (performance.now() - previewStart) / 1000;
    const first = performance.now();
    const one = await runLdapSync({ trigger: "bench" }, db);
    const firstS = (performance.now() - first) / 1000;
    const second = performance.now();
    const two = await runLdapSync({ trigger: "bench" }, db);
    const secondS = (performance.now() - second) / 1000;
    if (!one.ok || !two.ok) throw new Error(`LDAP sync failed: ${!one.ok ? one.error : ""} ${!two.ok ? two.error : ""}`);

    const created = ENTRIES - disabledCount() - malformedCount();
    const expect = (what: string, got: number, want: number) => {
      if (got !== want) failures.push(`LDAP sync: ${what} was ${got}, expected ${want}`);
    };
    expect("entries read", one.counts.entries, ENTRIES);
    if (!preview.ok || JSON.stringify(preview.counts) !== JSON.stringify(one.counts))
      failures.push("LDAP sync: the preview's counts differ from the run's");
    expect("accounts created", one.counts.created, created);
    expect("created waiting for a seat", one.counts.createdWaiting, 1000);
    expect("entries skipped", one.counts.skipped, malformedCount());
    expect(
      "second sync: changes",
      two.counts.created + two.counts.updated + two.counts.blocked + two.counts.moved + two.counts.activated,
      0,
    );
    expect("accounts in the partners area", await db.account.count({ where: { areaId: partners.id } }), PARTNERS);
    expect("active primary accounts", await db.account.count({ where: { areaId: intranet.id, state: "ACTIVE" } }), primarySeats());
    for (const pool of await seatCountersAgainstRealCounts(db)) expect(`${pool.pool} seat counter`, pool.counter, pool.real);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const note =
      `LDAP sync of ${ENTRIES.toLocaleString("en")} entries (slapd over StartTLS, paged by 500, Active Directory preset, groups to areas; ` +
      `${created.toLocaleString("en")} created of which 1,000 waiting for a seat, ${malformedCount()} malformed skipped, ${disabledCount()} disabled left out): ` +
      `first sync ${firstS.toFixed(1)} s (${(ENTRIES / firstS).toFixed(0)} entries/s; its preview, which reads and checks everything and writes nothing, ${previewS.toFixed(1)} s), second sync with no change ${secondS.toFixed(1)} s ` +
      `(${(ENTRIES / secondS).toFixed(0)} entries/s); loading the directory with ldapadd took ${loadS.toFixed(1)} s; peak memory of the process ${peakRssMb.toFixed(0)} MB.`;
    log("LDAP sync measured");
    return { rows: [], notes: [note], failures };
  } finally {
    await db.$disconnect();
    await directory.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv[2]) ENTRIES = Number(process.argv[2]);
  if (!Number.isInteger(ENTRIES) || ENTRIES < 10_000 || ENTRIES % 1000 !== 0)
    throw new Error("The size must be a multiple of 1,000, at least 10,000.");
  const dir = await mkdtemp(path.join(os.tmpdir(), "seatkeeper-bench-ldap-"));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  let code = 0;
  try {
    const result = await measureLdapSync(server.url());
    console.log(result.notes.join("\n"));
    if (result.failures.length) {
      console.error(`correctness checks failed:\n- ${result.failures.join("\n- ")}`);
      code = 1;
    }
  } catch (error) {
    console.error(error);
    code = 1;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(code);
}
