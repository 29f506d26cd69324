import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { verifySignIn } from "../auth/credentials";
import { applyDirectoryActiveState, blockAccount, createAccount, deleteAccount } from ".";

const system = { id: null, label: "test" };
const PASSWORD = "violet staple orbit lantern";
let t: TestDatabase;
let areaId: string;
let admins: string[];

// Four seats in the primary pool, two of them taken by the People administrators the site needs.
beforeAll(async () => {
  t = await createTestDatabase();
  areaId = (await createSite(t.db, { maxUsers: 4, maxExtranetUsers: 0 })).intranet.id;
  const a = await createAccount(
    { actor: system, source: "FORM", account: person(areaId, { isPeopleAdmin: true, isSysadmin: true }) },
    t.db,
  );
  const b = await createAccount(
    { actor: system, source: "FORM", account: person(areaId, { isPeopleAdmin: true, isSysadmin: true }) },
    t.db,
  );
  admins = [a.id, b.id];
});
afterAll(async () => t.close());

const signIn = (username: string, password = PASSWORD) => verifySignIn({ username, password }, t.db);
const stateOf = (id: string) => t.db.account.findUniqueOrThrow({ where: { id }, select: { state: true, blockedReason: true } });
const comebackNotices = () => t.db.notification.count({ where: { kind: "INACTIVE_NO_SEAT" } });

async function inactiveAccount() {
  const account = await createAccount({ actor: system, source: "FORM", account: person(areaId, { password: PASSWORD }) }, t.db);
  await blockAccount({ actor: system, accountId: account.id, reason: "INACTIVE" }, t.db);
  expect(await stateOf(account.id)).toEqual({ state: "BLOCKED", blockedReason: "INACTIVE" });
  return account;
}

it("an account blocked for inactivity signs in with the right password and is active again when a seat is free (audited)", async () => {
  const account = await inactiveAccount();
  expect(await signIn(account.username, "wrong password")).toEqual({ ok: false, reason: "invalid" });
  expect(await stateOf(account.id)).toEqual({ state: "BLOCKED", blockedReason: "INACTIVE" });

  expect(await signIn(account.username)).toMatchObject({ ok: true, account: { id: account.id } });
  expect(await stateOf(account.id)).toEqual({ state: "ACTIVE", blockedReason: null });
  const event = await t.db.auditEvent.findFirstOrThrow({
    where: { accountId: account.id, action: "account.unblock" },
    orderBy: { id: "desc" },
  });
  expect(event).toMatchObject({ actorId: account.id, outcome: "SUCCESS" });
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);
  await deleteAccount({ actor: system, accountId: account.id }, t.db);
});

it("without a free seat it stays blocked, the sign-in says so, and the administrators are told once per block", async () => {
  const account = await inactiveAccount();
  // Fill the pool (4 seats: 2 administrators + 2 more).
  const fillers = [];
  for (let i = 0; i < 2; i++) fillers.push(await createAccount({ actor: system, source: "FORM", account: person(areaId) }, t.db));
  const before = await comebackNotices();

  const attempts = await Promise.all([signIn(account.username), signIn(account.username), signIn(account.username)]);
  for (const attempt of attempts) expect(attempt).toEqual({ ok: false, reason: "no-seat" });
  expect(await signIn(account.username)).toEqual({ ok: false, reason: "no-seat" });
  expect(await stateOf(account.id)).toEqual({ state: "BLOCKED", blockedReason: "INACTIVE" });
  // One notice per People administrator, not one per attempt.
  expect((await comebackNotices()) - before).toBe(admins.length);
  const notice = await t.db.notification.findFirstOrThrow({ where: { kind: "INACTIVE_NO_SEAT" } });
  expect(notice.message).toContain(account.username);
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);

  // A seat frees: the next sign-in brings it back.
  await blockAccount({ actor: system, accountId: fillers[0].id }, t.db);
  expect(await signIn(account.username)).toMatchObject({ ok: true });
  // Blocked for inactivity again, pool full again: a new block is told again.
  await blockAccount({ actor: system, accountId: account.id, reason: "INACTIVE" }, t.db);
  fillers.push(await createAccount({ actor: system, source: "FORM", account: person(areaId) }, t.db));
  expect(await signIn(account.username)).toEqual({ ok: false, reason: "no-seat" });
  expect((await comebackNotices()) - before).toBe(2 * admins.length);
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);
  for (const filler of [...fillers, account]) await deleteAccount({ actor: system, accountId: filler.id }, t.db);
});

it("other blocks are not undone by signing in, and inactivity never overrides another reason", async () => {
  const account = await createAccount({ actor: system, source: "FORM", account: person(areaId, { password: PASSWORD }) }, t.db);
  await blockAccount({ actor: system, accountId: account.id }, t.db);
  expect(await blockAccount({ actor: system, accountId: account.id, reason: "INACTIVE" }, t.db)).toMatchObject({ changed: false });
  expect(await signIn(account.username)).toEqual({ ok: false, reason: "blocked" });
  expect(await stateOf(account.id)).toEqual({ state: "BLOCKED", blockedReason: "ADMIN" });
});

it("the directory's 'active' does not undo an inactivity block", async () => {
  const account = await inactiveAccount();
  expect(await applyDirectoryActiveState({ actor: system, accountId: account.id, active: true }, t.db)).toMatchObject({ changed: false });
  expect(await stateOf(account.id)).toEqual({ state: "BLOCKED", blockedReason: "INACTIVE" });
});
