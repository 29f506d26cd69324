import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { blockAccountsInBatch, createAccount, deleteAccountsInBatch } from ".";

// The batch operations keep blockAccount's and deleteAccount's guard rails even when the
// administrators to protect are in the same batch.

const system = { id: null, label: "test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 10, maxExtranetUsers: 10 });
});
afterAll(async () => t.close());

const make = (username: string, roles: { isSysadmin?: boolean; isPeopleAdmin?: boolean } = {}) =>
  createAccount({ actor: system, source: "FORM", account: person(areas.intranet.id, { username, ...roles }) }, t.db);

it("blocks a batch holding every administrator but the last of each role, whatever their order", async () => {
  const [a, b, c, plain] = [
    await make("admin-a", { isSysadmin: true, isPeopleAdmin: true }),
    await make("admin-b", { isPeopleAdmin: true }),
    await make("admin-c", { isSysadmin: true }),
    await make("plain"),
  ];
  const ids = [a.id, b.id, c.id, plain.id, "00000000-0000-4000-8000-000000000000"];
  const outcomes = await t.db.$transaction((tx) => blockAccountsInBatch(tx, { actor: system, accountIds: ids }));
  expect([...outcomes.values()].map((o) => o.outcome)).toEqual(["DONE", "REFUSED", "REFUSED", "DONE", "UNCHANGED"]);
  expect(outcomes.get(b.id)!.message).toMatch(/admin-b: it is the last active People administrator/);
  expect(outcomes.get(c.id)!.message).toMatch(/admin-c: it is the last active sysadmin/);
  const states = await t.db.account.findMany({ orderBy: { username: "asc" }, select: { username: true, state: true } });
  expect(states).toEqual([
    { username: "admin-a", state: "BLOCKED" },
    { username: "admin-b", state: "ACTIVE" },
    { username: "admin-c", state: "ACTIVE" },
    { username: "plain", state: "BLOCKED" },
  ]);
  for (const r of await seatCountersAgainstRealCounts(t.db)) expect(r.counter).toBe(r.real);

  // The same rules for a delete batch: the last administrators stay, the rest go.
  const deleted = await t.db.$transaction((tx) => deleteAccountsInBatch(tx, { actor: system, accountIds: [a.id, b.id, c.id, plain.id] }));
  expect([...deleted.values()].map((o) => o.outcome)).toEqual(["DONE", "REFUSED", "REFUSED", "DONE"]);
  expect(await t.db.account.count()).toBe(2);
  for (const r of await seatCountersAgainstRealCounts(t.db)) expect(r.counter).toBe(r.real);
});
