import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { activateWaitingAccounts, blockAccount, createAccount, SYNC_RUN_HAS_WORK_SQL } from ".";

// SCIM's PUT and PATCH read this with the account and skip the sync run when it is false: it must
// be true exactly when a run would activate someone.

const actor = { id: null, label: "directory (test)" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 2, maxExtranetUsers: 1 });
});
afterAll(async () => t.close());

const hasWork = async () => (await t.db.$queryRaw<{ work: boolean }[]>`SELECT ${SYNC_RUN_HAS_WORK_SQL} AS work`)[0].work;

it("is true exactly when a pool has both a free seat and an account waiting for one", async () => {
  expect(await hasWork()).toBe(false); // free seats, nobody waiting
  const first = await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
  await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
  const waiting = await createAccount({ actor, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) }, t.db);
  expect(waiting.blockedReason).toBe("NO_SEAT");
  expect(await hasWork()).toBe(false); // someone waits, the pool is full
  // A free seat in the other pool does not help the primary pool's waiting account.
  await createAccount({ actor, source: "DIRECTORY", account: person(areas.partners.id) }, t.db);
  await setSeatLimits(t.db, 2, 5);
  expect(await hasWork()).toBe(false);
  await blockAccount({ actor, accountId: first.id }, t.db);
  expect(await hasWork()).toBe(true);
  expect((await activateWaitingAccounts({ actor }, t.db)).map((a) => a.id)).toEqual([waiting.id]);
  expect(await hasWork()).toBe(false);
});
