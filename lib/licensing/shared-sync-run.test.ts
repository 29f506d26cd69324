import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { activateWaitingAccounts, blockAccount, createAccount } from ".";

// Sync runs asked for before one starts share it (directory-sync.ts): each caller must still get
// what its own run would have done, and a caller that asks once it has started gets a new one.

const actor = { id: null, label: "directory (test)" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 2, maxExtranetUsers: 1 });
});
afterAll(async () => t.close());

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Counts the runs started while `body` runs: each makes one look for pools with work. */
async function countRuns(body: () => Promise<unknown>): Promise<number> {
  const query = vi.spyOn(t.db, "$queryRaw");
  try {
    await body();
    return query.mock.calls.filter(([sql]) => String(Array.isArray(sql) ? sql.join("?") : sql).includes("pools-with-waiting")).length;
  } finally {
    query.mockRestore();
  }
}

it("serves concurrent callers with one run that activates the oldest waiting accounts", async () => {
  const first = await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
  const second = await createAccount({ actor, source: "DIRECTORY", account: person(areas.intranet.id) }, t.db);
  const waiting = [];
  for (let i = 0; i < 3; i++) {
    waiting.push(await createAccount({ actor, source: "DIRECTORY", whenFull: "wait", account: person(areas.intranet.id) }, t.db));
  }
  expect(waiting.map((a) => a.blockedReason)).toEqual(["NO_SEAT", "NO_SEAT", "NO_SEAT"]);
  await blockAccount({ actor, accountId: first.id }, t.db);
  await blockAccount({ actor, accountId: second.id }, t.db);

  let answers: Awaited<ReturnType<typeof activateWaitingAccounts>>[] = [];
  const runs = await countRuns(async () => {
    answers = await Promise.all(Array.from({ length: 50 }, () => activateWaitingAccounts({ actor }, t.db)));
  });
  expect(runs).toBe(1);
  for (const answer of answers) expect(answer.map((a) => a.id)).toEqual([waiting[0].id, waiting[1].id]);
  expect(answers[1]).not.toBe(answers[0]); // each caller its own list
  const states = await t.db.account.findMany({ where: { id: { in: waiting.map((a) => a.id) } }, select: { id: true, state: true } });
  expect(new Map(states.map((a) => [a.id, a.state]))).toEqual(
    new Map([
      [waiting[0].id, "ACTIVE"],
      [waiting[1].id, "ACTIVE"],
      [waiting[2].id, "BLOCKED"],
    ]),
  );

  // Asked once the shared run has started: a run of its own.
  let results: unknown[] = [];
  expect(
    await countRuns(async () => {
      const started = activateWaitingAccounts({ actor }, t.db);
      await nextTurn();
      results = await Promise.all([started, activateWaitingAccounts({ actor }, t.db)]);
    }),
  ).toBe(2);
  expect(results).toEqual([[], []]); // the pool is full again
  await setSeatLimits(t.db, 3, 1);
  expect((await activateWaitingAccounts({ actor }, t.db)).map((a) => a.id)).toEqual([waiting[2].id]);
});

it("does not share a run between actors: each run's events name its own", async () => {
  const other = { id: null, label: "another directory (test)" };
  const runs = await countRuns(() =>
    Promise.all([
      activateWaitingAccounts({ actor }, t.db),
      activateWaitingAccounts({ actor: other }, t.db),
      activateWaitingAccounts({ actor }, t.db),
    ]),
  );
  expect(runs).toBe(2);
});
