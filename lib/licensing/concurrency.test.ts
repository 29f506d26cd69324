import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase, setSeatLimits } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import type { Db } from "../db/client";
import { SeatLimitError, blockAccount, createAccount, deleteAccount, moveAccount, unblockAccount, type Actor } from ".";

// Spec rule 1 under load: many requests at once, over several connection pools (as several app
// processes would have), never push `used` above the limit, and the last seat is usable.

const actor: Actor = { id: null, label: "load test" };
const ATTEMPTS = 100;
const FREE_SEATS = 5;

let t: TestDatabase;
let clients: Db[];
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 1000, maxExtranetUsers: 1000 });
  // Three "processes", 10 connections each.
  clients = [t.newClient(10), t.newClient(10), t.newClient(10)];
});
afterAll(async () => t.close());

const setLimits = (maxUsers: number, maxExtranetUsers: number) => setSeatLimits(t.db, maxUsers, maxExtranetUsers);

async function activeIn(pool: "PRIMARY" | "EXTRANET") {
  return t.db.account.count({ where: { state: "ACTIVE", area: { pool } } });
}

function tally(results: PromiseSettledResult<unknown>[]) {
  const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof SeatLimitError).length;
  const otherErrors = results.filter((r) => r.status === "rejected" && !(r.reason instanceof SeatLimitError));
  return { succeeded: results.filter((r) => r.status === "fulfilled").length, refused, otherErrors };
}

describe.each([
  { pool: "PRIMARY" as const, area: () => areas.intranet.id },
  { pool: "EXTRANET" as const, area: () => areas.suppliers.id },
])("the $pool pool under concurrency", ({ pool, area }) => {
  it(`${ATTEMPTS} concurrent creations against ${FREE_SEATS} free seats create exactly ${FREE_SEATS}`, async () => {
    const already = await activeIn(pool);
    await setLimits(pool === "PRIMARY" ? already + FREE_SEATS : 1000, pool === "EXTRANET" ? already + FREE_SEATS : 1000);
    const results = await Promise.allSettled(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        createAccount({ actor, source: "FORM", account: person(area()) }, clients[i % clients.length]),
      ),
    );
    const { succeeded, refused, otherErrors } = tally(results);
    expect(otherErrors.map((e) => (e as PromiseRejectedResult).reason)).toEqual([]);
    expect(succeeded).toBe(FREE_SEATS);
    expect(refused).toBe(ATTEMPTS - FREE_SEATS);
    expect(await activeIn(pool)).toBe(already + FREE_SEATS);
    expect(await t.db.auditEvent.count({ where: { action: "account.create", outcome: "REFUSED", pool } })).toBeGreaterThanOrEqual(
      ATTEMPTS - FREE_SEATS,
    );
    for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
  });

  it(`${ATTEMPTS} concurrent unblocks against ${FREE_SEATS} free seats unblock exactly ${FREE_SEATS}`, async () => {
    const blocked = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      blocked.push(await createAccount({ actor, source: "FORM", account: person(area()), blocked: { reason: "ADMIN" } }, t.db));
    }
    const already = await activeIn(pool);
    await setLimits(pool === "PRIMARY" ? already + FREE_SEATS : 1000, pool === "EXTRANET" ? already + FREE_SEATS : 1000);
    const results = await Promise.allSettled(
      blocked.map((a, i) => unblockAccount({ actor, accountId: a.id }, clients[i % clients.length])),
    );
    const { succeeded, refused, otherErrors } = tally(results);
    expect(otherErrors.map((e) => (e as PromiseRejectedResult).reason)).toEqual([]);
    expect(succeeded).toBe(FREE_SEATS);
    expect(refused).toBe(ATTEMPTS - FREE_SEATS);
    expect(await activeIn(pool)).toBe(already + FREE_SEATS);
    for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
  });
});

it("concurrent block, unblock and delete of the same accounts keep the counters exact", async () => {
  await setLimits(1000, 1000);
  const accounts = [];
  for (let i = 0; i < 20; i++)
    accounts.push(await createAccount({ actor, source: "FORM", account: person(i % 2 ? areas.intranet.id : areas.partners.id) }, t.db));
  const work = accounts.flatMap((a, i) => [
    blockAccount({ actor, accountId: a.id }, clients[0]),
    unblockAccount({ actor, accountId: a.id }, clients[1]),
    i % 3 === 0 ? deleteAccount({ actor, accountId: a.id }, clients[2]) : blockAccount({ actor, accountId: a.id }, clients[2]),
  ]);
  const results = await Promise.allSettled(work);
  // The only acceptable failure is an operation that found its account already deleted.
  for (const r of results) if (r.status === "rejected") expect(r.reason?.code).toBe("ACCOUNT_NOT_FOUND");
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});

it(`${ATTEMPTS / 2} concurrent moves into a pool with ${FREE_SEATS} free seats move exactly ${FREE_SEATS}`, async () => {
  await setLimits(1000, 1000);
  const movers = [];
  for (let i = 0; i < ATTEMPTS / 2; i++)
    movers.push(await createAccount({ actor, source: "FORM", account: person(areas.intranet.id) }, t.db));
  const extranetUsed = await activeIn("EXTRANET");
  await setLimits(1000, extranetUsed + FREE_SEATS);
  const results = await Promise.allSettled(
    movers.map((a, i) => moveAccount({ actor, accountId: a.id, areaId: areas.suppliers.id }, clients[i % 3])),
  );
  const { succeeded, refused, otherErrors } = tally(results);
  expect(otherErrors).toEqual([]);
  expect(succeeded).toBe(FREE_SEATS);
  expect(refused).toBe(movers.length - FREE_SEATS);
  expect(await activeIn("EXTRANET")).toBe(extranetUsed + FREE_SEATS);
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});

it("moves in both directions at once neither deadlock nor pass a limit", async () => {
  await setLimits(1000, 1000);
  const outward = [];
  const inward = [];
  for (let i = 0; i < 20; i++) outward.push(await createAccount({ actor, source: "FORM", account: person(areas.intranet.id) }, t.db));
  for (let i = 0; i < 20; i++) inward.push(await createAccount({ actor, source: "FORM", account: person(areas.partners.id) }, t.db));
  const extranetUsed = await activeIn("EXTRANET");
  await setLimits(1000, extranetUsed + 2);
  const results = await Promise.allSettled([
    ...outward.map((a, i) => moveAccount({ actor, accountId: a.id, areaId: areas.suppliers.id }, clients[i % 3])),
    ...inward.map((a, i) => moveAccount({ actor, accountId: a.id, areaId: areas.intranet.id }, clients[(i + 1) % 3])),
  ]);
  const { otherErrors } = tally(results);
  expect(otherErrors).toEqual([]);
  // Every move back to the primary area has room; each frees an extranet seat another may take.
  expect(results.slice(outward.length).every((r) => r.status === "fulfilled")).toBe(true);
  expect(await activeIn("EXTRANET")).toBeLessThanOrEqual(extranetUsed + 2);
  for (const row of await seatCountersAgainstRealCounts(t.db)) expect(row.counter, row.pool).toBe(row.real);
});
