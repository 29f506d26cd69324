import { areaNameKey } from "../lib/areas/area-name";
import type { Db } from "../lib/db/client";
import { SEED_ACTOR, applyLicense, createAccount } from "../lib/licensing";
import { demoHistoryPlan, writeDemoHistory, type DemoAccount, type DemoLicense } from "./demo-history";

// Demo data reproducing the vendor help page's example: 60 active accounts, 53 in the primary
// area and 7 across two extranet areas, a few blocked ones, Max_Users 55, Max_extranet_users 10.
// Every account goes through lib/licensing, so the seed obeys the limits like any other path.
// Running it again adds nothing that is already there.

export const DEMO_PASSWORD = "seatkeeper-demo";
export const DEMO_SIGN_INS = [
  { username: "sysadmin", role: "Sysadmin (Admin > System)" },
  { username: "peopleadmin", role: "People administrator (Admin > People)" },
  { username: "employee", role: "Ordinary user (intranet home only)" },
  { username: "blocked.user", role: "Blocked account (cannot sign in)" },
] as const;

/** First and last names of the demo's people (the benchmark names its accounts from them too). */
export const GIVEN_NAMES = [
  "Alice",
  "Ben",
  "Chloe",
  "Daniel",
  "Emma",
  "Farid",
  "Grace",
  "Hugo",
  "Isla",
  "Jonas",
  "Kiran",
  "Lena",
  "Mateo",
  "Nadia",
  "Oscar",
  "Priya",
  "Quentin",
  "Rosa",
  "Samir",
  "Tara",
];
export const FAMILY_NAMES = [
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
  "O'Brien",
  "Patel",
  "Rossi",
  "Silva",
  "Tanaka",
  "Weber",
];

type DemoPerson = DemoAccount;

/** Someone who worked here and left before today (the demo's past only). */
function demoLeaver(n: number, area: DemoPerson["area"]): DemoPerson {
  const givenName = GIVEN_NAMES[(n * 3) % GIVEN_NAMES.length];
  const familyName = FAMILY_NAMES[(n * 5 + 3) % FAMILY_NAMES.length];
  const username = `${givenName}.${familyName}.former${n}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
  const domain = area === "Intranet" ? "demo.seatkeeper.test" : `${area.toLowerCase()}.example.test`;
  return { username, email: `${username}@${domain}`, givenName, familyName, area };
}

function demoPeople(): DemoPerson[] {
  const people: DemoPerson[] = [
    {
      username: "sysadmin",
      email: "sysadmin@demo.seatkeeper.test",
      givenName: "Sam",
      familyName: "Sysadmin",
      area: "Intranet",
      isSysadmin: true,
      password: DEMO_PASSWORD,
    },
    {
      username: "peopleadmin",
      email: "peopleadmin@demo.seatkeeper.test",
      givenName: "Pat",
      familyName: "People-Admin",
      area: "Intranet",
      isPeopleAdmin: true,
      password: DEMO_PASSWORD,
    },
    {
      username: "employee",
      email: "employee@demo.seatkeeper.test",
      givenName: "Eve",
      familyName: "Employee",
      area: "Intranet",
      password: DEMO_PASSWORD,
    },
    {
      username: "blocked.user",
      email: "blocked.user@demo.seatkeeper.test",
      givenName: "Bo",
      familyName: "Blocked",
      area: "Intranet",
      password: DEMO_PASSWORD,
      blocked: true,
    },
  ];
  const plan: Array<[DemoPerson["area"], number, boolean]> = [
    ["Intranet", 50, false], // + sysadmin, peopleadmin, employee = 53 active in the primary area
    ["Intranet", 3, true],
    ["Partners", 4, false],
    ["Partners", 1, true],
    ["Suppliers", 3, false],
    ["Suppliers", 1, true],
  ];
  let n = 0;
  for (const [area, count, blocked] of plan) {
    for (let i = 0; i < count; i++, n++) {
      const givenName = GIVEN_NAMES[n % GIVEN_NAMES.length];
      const familyName = FAMILY_NAMES[(n * 7 + Math.floor(n / GIVEN_NAMES.length)) % FAMILY_NAMES.length];
      const username = `${givenName}.${familyName}.${n + 1}`.toLowerCase().replace(/[^a-z0-9.]/g, "");
      const domain = area === "Intranet" ? "demo.seatkeeper.test" : `${area.toLowerCase()}.example.test`;
      people.push({ username, email: `${username}@${domain}`, givenName, familyName, area, blocked });
    }
  }
  return people;
}

export const DEMO_SITE_ID = "demo-site";
const DEMO_LICENSEE = "Demo Company Ltd";
const DEMO_LICENSE: DemoLicense = { licenseId: "DEMO-0001", maxUsers: 55, maxExtranetUsers: 10 };

/** The site id of a real site's license in force, or null for an empty database or the demo. */
export async function realSiteId(db: Db): Promise<string | null> {
  const license = await db.license.findUnique({ where: { id: 1 }, select: { siteId: true } });
  // The demo is recognised by its own site id only: SEATKEEPER_SITE_ID names a real site.
  return license && license.siteId !== DEMO_SITE_ID ? license.siteId : null;
}

/**
 * Loads the demo data, unless the database holds a real site (a license for another site id):
 * an embedded real site started without SEATKEEPER_DEMO_DATA=0 must not fill up with demo people.
 */
export async function seedDemoData(
  db: Db,
  options: { databaseUrl?: string } = {},
): Promise<{ created: number; skipped: number; realSite?: string }> {
  const realSite = await realSiteId(db);
  if (realSite) return { created: 0, skipped: 0, realSite };
  let created = 0;
  if (!(await db.license.findUnique({ where: { id: 1 }, select: { id: true } }))) {
    if (options.databaseUrl) {
      // A new demo gets its 18 months of past, ending in today's state.
      const events = demoHistoryPlan({ final: demoPeople(), leaver: demoLeaver }, DEMO_LICENSE);
      created += (await writeDemoHistory({ databaseUrl: options.databaseUrl, db, events, siteId: DEMO_SITE_ID, licensee: DEMO_LICENSEE }))
        .created;
    } else {
      const issuedAt = new Date();
      await applyLicense(
        {
          actor: SEED_ACTOR,
          terms: {
            siteId: DEMO_SITE_ID,
            licensee: DEMO_LICENSEE,
            ...DEMO_LICENSE,
            issuedAt,
            expiresAt: new Date(issuedAt.getTime() + 365 * 24 * 3600 * 1000),
          },
        },
        db,
      );
    }
  }
  const areas = new Map<string, string>();
  for (const [name, pool] of [
    ["Intranet", "PRIMARY"],
    ["Partners", "EXTRANET"],
    ["Suppliers", "EXTRANET"],
  ] as const) {
    const area = await db.area.upsert({
      where: { nameKey: areaNameKey(name) },
      create: { name, nameKey: areaNameKey(name), pool },
      update: {},
    });
    areas.set(name, area.id);
  }
  let skipped = 0;
  for (const { area, blocked, ...fields } of demoPeople()) {
    if (await db.account.findUnique({ where: { username: fields.username.toLowerCase() }, select: { id: true } })) {
      skipped++;
      continue;
    }
    await createAccount(
      {
        actor: SEED_ACTOR,
        source: "SEED",
        account: { ...fields, areaId: areas.get(area)! },
        blocked: blocked ? { reason: "ADMIN" } : undefined,
      },
      db,
    );
    created++;
  }
  return { created, skipped };
}
