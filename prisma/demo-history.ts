import { areaNameKey } from "../lib/areas/area-name";
import type { Db } from "../lib/db/client";
import { createBackDatedClient } from "../lib/history/back-dated-client";
import { SEED_ACTOR, applyLicense, blockAccount, createAccount, deleteAccount, type NewAccountInput } from "../lib/licensing";

// The demo site's past: 18 months lived through lib/licensing with back-dated changes, so a first
// start shows real charts, a true-up with an overage, and a forecast. It ends exactly in the state
// the help page's example describes (the final license, the 60 active accounts, the blocked ones).

export type DemoArea = "Intranet" | "Partners" | "Suppliers";
export type DemoAccount = Omit<NewAccountInput, "areaId"> & { area: DemoArea; blocked?: boolean };
export type DemoLicense = { licenseId: string; maxUsers: number; maxExtranetUsers: number };

type Event =
  | { day: number; kind: "license"; license: DemoLicense }
  | { day: number; kind: "area"; area: DemoArea }
  | { day: number; kind: "create"; account: DemoAccount }
  | { day: number; kind: "block" | "delete"; username: string };

const DAY_MS = 86_400_000;

/** Days from `first` to `last` (days before today, negative), `count` of them, evenly spread. */
const spread = (first: number, last: number, count: number) =>
  Array.from({ length: count }, (_, i) => Math.round(first + ((last - first) * (i + 0.5)) / count));

/**
 * The plan, in days before today: hiring waves, leavers blocked and deleted, an extranet partner
 * added with a license raise, a lowering that leaves the primary pool over its limit for two weeks
 * until leavers are blocked, the final license, and a steady last wave that fills the pool soon.
 */
export function demoHistoryPlan(
  people: { final: DemoAccount[]; leaver: (n: number, area: DemoArea) => DemoAccount },
  finalLicense: DemoLicense,
) {
  const intranet = people.final.filter(
    (p) => p.area === "Intranet" && !p.blocked && !p.isSysadmin && !p.isPeopleAdmin && p.username !== "employee",
  );
  const core = people.final.filter((p) => p.isSysadmin || p.isPeopleAdmin || p.username === "employee");
  const blockedUser = people.final.find((p) => p.username === "blocked.user")!;
  const intranetBlocked = people.final.filter((p) => p.area === "Intranet" && p.blocked && p !== blockedUser);
  const partners = people.final.filter((p) => p.area === "Partners");
  const suppliers = people.final.filter((p) => p.area === "Suppliers");
  const leavers = Array.from({ length: 6 }, (_, i) => people.leaver(i + 1, "Intranet"));
  const partnerLeavers = Array.from({ length: 2 }, (_, i) => people.leaver(i + 7, "Partners"));
  const events: Event[] = [];
  const create = (days: number[], accounts: DemoAccount[]) =>
    accounts.forEach((account, i) => events.push({ day: days[i], kind: "create", account: { ...account, blocked: undefined } }));
  const leave = (account: DemoAccount, blockDay: number, deleteDay?: number) => {
    events.push({ day: blockDay, kind: "block", username: account.username });
    if (deleteDay !== undefined) events.push({ day: deleteDay, kind: "delete", username: account.username });
  };

  events.push({ day: -548, kind: "license", license: { licenseId: "DEMO-0000", maxUsers: 40, maxExtranetUsers: 0 } });
  events.push({ day: -548, kind: "area", area: "Intranet" });
  create([-548, -548, -547], core);
  // First wave: the intranet opens. 27 staff and 6 who will leave; then the pool is full.
  const wave1 = [...intranet.slice(0, 27), ...leavers];
  create(spread(-540, -430, wave1.length), wave1);
  create([-425], [blockedUser]);
  // A partner extranet: more seats, and the extranet pool.
  events.push({ day: -420, kind: "license", license: { licenseId: "DEMO-0000-B", maxUsers: 48, maxExtranetUsers: 10 } });
  events.push({ day: -420, kind: "area", area: "Partners" });
  create(spread(-415, -380, partners.length + partnerLeavers.length), [...partners, ...partnerLeavers]);
  leavers.slice(0, 4).forEach((account, i) => leave(account, -400 + i * 15, -370 + i * 15));
  // Second wave fills the larger pool.
  create(spread(-330, -305, 12 + intranetBlocked.length), [...intranet.slice(27, 39), ...intranetBlocked]);
  leave(blockedUser, -300);
  leave(partnerLeavers[0], -300, -270);
  leave(partnerLeavers[1], -290, -260);
  // A cheaper license with fewer seats than are in use: two weeks over the limit, until leavers go.
  events.push({ day: -250, kind: "license", license: { licenseId: "DEMO-0000-C", maxUsers: 44, maxExtranetUsers: 10 } });
  leave(leavers[4], -240, -200);
  leave(leavers[5], -238, -200);
  intranetBlocked.forEach((account, i) => leave(account, -236 + i * 2));
  // Suppliers join the extranet; one partner and one supplier are blocked.
  events.push({ day: -200, kind: "area", area: "Suppliers" });
  create(spread(-198, -185, suppliers.length), suppliers);
  for (const account of [...partners, ...suppliers].filter((p) => p.blocked)) leave(account, -180);
  // Today's license, and a steady last wave that leaves two seats: the forecast says when they go.
  events.push({ day: -120, kind: "license", license: finalLicense });
  create(spread(-118, -3, intranet.length - 39), intranet.slice(39));
  return events.sort((a, b) => a.day - b.day);
}

/**
 * Lives the plan through lib/licensing, each change dated on its day (office hours, in order),
 * through a client whose changes take that date. For a demo database that has no license yet.
 */
export async function writeDemoHistory(options: {
  databaseUrl: string;
  db: Db;
  events: Event[];
  siteId: string;
  licensee: string;
  now?: Date;
}): Promise<{ created: number }> {
  const today = new Date(options.now ?? new Date());
  today.setUTCHours(0, 0, 0, 0);
  const clock = createBackDatedClient(options.databaseUrl);
  const client = clock.client;
  const ids = new Map<string, string>();
  const areas = new Map<string, string>();
  let created = 0;
  let minute = 0;
  let lastDay = Number.NaN;
  try {
    for (const event of options.events) {
      // Each change a few minutes after the one before, from 09:00 on its day.
      minute = event.day === lastDay ? minute + 7 : 0;
      lastDay = event.day;
      const at = new Date(today.getTime() + event.day * DAY_MS + (9 * 60 + minute) * 60_000);
      await clock.setClock(at);
      switch (event.kind) {
        case "license":
          await applyLicense(
            {
              actor: SEED_ACTOR,
              terms: {
                siteId: options.siteId,
                licensee: options.licensee,
                ...event.license,
                issuedAt: at,
                expiresAt: new Date(at.getTime() + 365 * DAY_MS),
              },
            },
            client,
          );
          break;
        case "area": {
          const name = event.area;
          const area = await client.area.upsert({
            where: { nameKey: areaNameKey(name) },
            create: { name, nameKey: areaNameKey(name), pool: name === "Intranet" ? "PRIMARY" : "EXTRANET" },
            update: {},
          });
          areas.set(name, area.id);
          break;
        }
        case "create": {
          const { area, blocked: _blocked, ...fields } = event.account;
          const account = await createAccount(
            { actor: SEED_ACTOR, source: "SEED", account: { ...fields, areaId: areas.get(area)! } },
            client,
          );
          ids.set(account.username, account.id);
          created++;
          break;
        }
        case "block":
          await blockAccount({ actor: SEED_ACTOR, accountId: ids.get(event.username)! }, client);
          break;
        case "delete":
          await deleteAccount({ actor: SEED_ACTOR, accountId: ids.get(event.username)! }, client);
          break;
      }
    }
  } finally {
    await clock.setClock(null).catch(() => {});
    await clock.close();
  }
  return { created };
}
