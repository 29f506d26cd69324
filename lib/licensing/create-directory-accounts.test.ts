import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { activateWaitingAccounts, blockAccount, createAccount, createDirectoryAccounts } from ".";

const actor = { id: null, label: "directory test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 3, maxExtranetUsers: 1 });
});
afterAll(async () => {
  await t.close();
});

it("gives the free seats to the batch in order, the rest wait in that order; a clash is refused alone", async () => {
  const existing = await createAccount({ actor, source: "FORM", account: person(areas.intranet.id, { username: "taken" }) }, t.db);
  const batch = [1, 2, 3, 4].map((n) => person(areas.intranet.id, { username: `dir${n}`, externalId: `ext-${n}` }));
  const outcomes = await createDirectoryAccounts(
    {
      actor,
      source: "LDAP",
      accounts: [
        batch[0],
        person(areas.intranet.id, { username: existing.username }),
        ...batch.slice(1),
        person(areas.partners.id, { username: "partner1" }),
      ],
    },
    t.db,
  );
  expect(outcomes.map((o) => (o.ok ? (o.waiting ? "waiting" : "active") : o.error.message))).toEqual([
    "active",
    "An account with this user name already exists: taken.",
    "active",
    "waiting",
    "waiting",
    "active",
  ]);
  const waiting = await t.db.account.findMany({ where: { blockedReason: "NO_SEAT" }, orderBy: { waitingSince: "asc" } });
  expect(waiting.map((a) => a.username)).toEqual(["dir3", "dir4"]);
  expect(await t.db.auditEvent.count({ where: { action: "account.create", actorLabel: actor.label } })).toBe(1 + 5); // "taken", then the batch
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);

  // Seats free up: the oldest waiting account goes first.
  await blockAccount({ actor, accountId: existing.id }, t.db);
  expect((await activateWaitingAccounts({ actor }, t.db)).map((a) => a.username)).toEqual(["dir3"]);
});
