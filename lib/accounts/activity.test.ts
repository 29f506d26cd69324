import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { verifySignIn } from "../auth/credentials";
import { createAccount } from "../licensing";
import { ACTIVITY_EVERY_MS } from "./activity";
import { loadLiveSession, startSession } from "./sessions";

const system = { id: null, label: "test" };
const PASSWORD = "violet staple orbit lantern";
let t: TestDatabase;
let areaId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  areaId = (await createSite(t.db, { maxUsers: 10, maxExtranetUsers: 0 })).intranet.id;
});
afterAll(async () => t.close());

const lastActive = async (id: string) =>
  (await t.db.account.findUniqueOrThrow({ where: { id }, select: { lastActiveAt: true } })).lastActiveAt;

it("a sign-in records last activity; a new account has none", async () => {
  const account = await createAccount({ actor: system, source: "FORM", account: person(areaId, { password: PASSWORD }) }, t.db);
  expect(await lastActive(account.id)).toBeNull();
  const before = Date.now();
  expect(await verifySignIn({ username: account.username, password: PASSWORD }, t.db)).toMatchObject({ ok: true });
  expect((await lastActive(account.id))!.getTime()).toBeGreaterThanOrEqual(before - 1000);
});

it("session use writes last activity at most once an hour, and leaves updatedAt (the SCIM ETag) alone", async () => {
  const account = await createAccount({ actor: system, source: "FORM", account: person(areaId) }, t.db);
  const start = new Date();
  const session = await startSession(account.id, { now: start }, t.db);
  const at = (ms: number) => loadLiveSession(session.id, { now: new Date(start.getTime() + ms) }, t.db);
  const { updatedAt } = await t.db.account.findUniqueOrThrow({ where: { id: account.id } });

  expect(await at(0)).not.toBeNull();
  expect(await lastActive(account.id)).toEqual(start);
  // Busy pages within the hour: no write.
  for (const ms of [1_000, 10 * 60_000, ACTIVITY_EVERY_MS - 1]) {
    await at(ms);
    expect(await lastActive(account.id)).toEqual(start);
  }
  await at(ACTIVITY_EVERY_MS + 5_000);
  expect(await lastActive(account.id)).toEqual(new Date(start.getTime() + ACTIVITY_EVERY_MS + 5_000));
  expect((await t.db.account.findUniqueOrThrow({ where: { id: account.id } })).updatedAt).toEqual(updatedAt);
});
