import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { blockAccount, createAccount, deleteAccount, unblockAccount } from "../licensing";
import { loadLiveSession, startSession } from "../accounts/sessions";
import { verifySignIn } from "./credentials";
import { issueDeviceCookie } from "./device-cookie";
import { removeExpiredThrottles } from "./sign-in-throttle";

let t: TestDatabase;
let account: { id: string; username: string };
const password = "correct horse battery";
const admin = { id: null, label: "test" };

beforeAll(async () => {
  t = await createTestDatabase();
  const { intranet } = await createSite(t.db, { maxUsers: 5, maxExtranetUsers: 0 });
  account = await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { password, isPeopleAdmin: true }) }, t.db);
  // Another People administrator, so that the site keeps one while this one is blocked.
  await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { isPeopleAdmin: true }) }, t.db);
});
afterAll(async () => t.close());

it("signs in an active account with its password (user name is case-insensitive) and stores no plain password", async () => {
  const result = await verifySignIn({ username: account.username.toUpperCase(), password }, t.db);
  expect(result).toMatchObject({ ok: true, account: { id: account.id } });
  const stored = await t.db.account.findUniqueOrThrow({ where: { id: account.id } });
  expect(stored.passwordHash).toMatch(/^\$2[aby]\$/);
  expect(stored.passwordHash).not.toContain(password);
  expect(stored.lastSignInAt).toBeInstanceOf(Date);
});

it("refuses a wrong password, an unknown user and malformed input alike", async () => {
  expect(await verifySignIn({ username: account.username, password: "wrong password" }, t.db)).toEqual({ ok: false, reason: "invalid" });
  expect(await verifySignIn({ username: "nobody", password }, t.db)).toEqual({ ok: false, reason: "invalid" });
  expect(await verifySignIn({ username: 42 }, t.db)).toEqual({ ok: false, reason: "invalid" });
});

it("refuses a blocked account, and a session open before the block stops working, also after an unblock", async () => {
  const session = await startSession(account.id, {}, t.db);
  expect(await loadLiveSession(session.id, {}, t.db)).toMatchObject({ account: { id: account.id, isPeopleAdmin: true } });
  await blockAccount({ actor: admin, accountId: account.id }, t.db);
  expect(await verifySignIn({ username: account.username, password }, t.db)).toEqual({ ok: false, reason: "blocked" });
  expect(await loadLiveSession(session.id, {}, t.db)).toBeNull();
  await unblockAccount({ actor: admin, accountId: account.id }, t.db);
  expect(await loadLiveSession(session.id, {}, t.db)).toBeNull();
  const again = await startSession(account.id, {}, t.db);
  expect(await loadLiveSession(again.id, {}, t.db)).not.toBeNull();
  await deleteAccount({ actor: admin, accountId: account.id }, t.db);
  expect(await loadLiveSession(again.id, {}, t.db)).toBeNull();
  expect(await loadLiveSession("not-a-uuid", {}, t.db)).toBeNull();
});

it("rate-limits failed sign-ins per account, even with the right password, until the window is over", async () => {
  const { intranet } = { intranet: await t.db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } }) };
  const target = await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { password }) }, t.db);
  for (let i = 0; i < 5; i++)
    expect(await verifySignIn({ username: target.username, password: "wrong" }, t.db)).toEqual({ ok: false, reason: "invalid" });
  const limited = await verifySignIn({ username: target.username, password }, t.db);
  expect(limited).toMatchObject({ ok: false, reason: "rate-limited" });
  expect(limited.ok === false && "retryInMinutes" in limited && limited.retryInMinutes).toBeGreaterThan(0);
  // Another account is not affected.
  await t.db.signInThrottle.updateMany({
    where: { key: `account:${target.username}` },
    data: { windowStart: new Date(Date.now() - 16 * 60_000) },
  });
  expect(await verifySignIn({ username: target.username, password }, t.db)).toMatchObject({ ok: true });
  expect(await t.db.signInThrottle.count({ where: { key: `account:${target.username}` } })).toBe(0);
});

it("rate-limits a client address that tries many accounts (password spraying)", async () => {
  for (let i = 0; i < 30; i++) await verifySignIn({ username: `nobody${i}`, password: "x" }, t.db, { address: "203.0.113.9" });
  expect(await verifySignIn({ username: "someone-else", password: "x" }, t.db, { address: "203.0.113.9" })).toMatchObject({
    reason: "rate-limited",
  });
  expect(await verifySignIn({ username: "someone-else", password: "x" }, t.db, { address: "198.51.100.1" })).toEqual({
    ok: false,
    reason: "invalid",
  });
});

describe("a stranger who knows a user name cannot keep its owner out (device cookies)", () => {
  beforeAll(() => {
    process.env.AUTH_SECRET ??= "test-secret-for-device-cookies";
  });

  it("locks strangers' clients out of the account, not the owner's browser", async () => {
    const intranet = await t.db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } });
    const owner = await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { password }) }, t.db);
    const ownersBrowser = issueDeviceCookie(owner.username);
    for (let i = 0; i < 5; i++) await verifySignIn({ username: owner.username, password: "guess" }, t.db, { address: `198.51.100.${i}` });
    // Any client without the owner's device cookie is refused, even with the right password...
    expect(await verifySignIn({ username: owner.username, password }, t.db, { address: "203.0.113.50" })).toMatchObject({
      reason: "rate-limited",
    });
    // ...a forged cookie, or another person's, does not help...
    expect(
      await verifySignIn({ username: owner.username, password }, t.db, { deviceCookie: `${ownersBrowser.split(".")[0]}.forged` }),
    ).toMatchObject({ reason: "rate-limited" });
    expect(
      await verifySignIn({ username: owner.username, password }, t.db, { deviceCookie: issueDeviceCookie("someone.else") }),
    ).toMatchObject({ reason: "rate-limited" });
    // ...but the owner's own browser signs in.
    expect(await verifySignIn({ username: owner.username, password }, t.db, { deviceCookie: ownersBrowser })).toMatchObject({ ok: true });
  });

  it("a device has its own limit, so a stolen device cookie cannot guess without end", async () => {
    const intranet = await t.db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } });
    const owner = await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { password }) }, t.db);
    const device = issueDeviceCookie(owner.username);
    for (let i = 0; i < 5; i++) await verifySignIn({ username: owner.username, password: "guess" }, t.db, { deviceCookie: device });
    expect(await verifySignIn({ username: owner.username, password }, t.db, { deviceCookie: device })).toMatchObject({
      reason: "rate-limited",
    });
    // Another client is not affected by that device's failures.
    expect(await verifySignIn({ username: owner.username, password }, t.db)).toMatchObject({ ok: true });
  });

  it("counters of a window that is over are removed, also those of names that do not exist", async () => {
    await verifySignIn({ username: "no.such.person", password: "x" }, t.db, { address: "192.0.2.77" });
    expect(await t.db.signInThrottle.count({ where: { key: "account:no.such.person" } })).toBe(1);
    await t.db.signInThrottle.updateMany({
      where: { key: { in: ["account:no.such.person", "address:192.0.2.77"] } },
      data: { windowStart: new Date(Date.now() - 16 * 60_000) },
    });
    expect(await removeExpiredThrottles(t.db)).toBeGreaterThanOrEqual(2);
    expect(await t.db.signInThrottle.count({ where: { key: { in: ["account:no.such.person", "address:192.0.2.77"] } } })).toBe(0);
  });
});

describe("limits that hold under parallel guesses", () => {
  beforeAll(() => {
    process.env.AUTH_SECRET ??= "test-secret-for-device-cookies";
  });

  it("50 guesses at once get at most 5 password checks", async () => {
    const intranet = await t.db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } });
    const target = await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { password }) }, t.db);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => verifySignIn({ username: target.username, password: `guess ${i}` }, t.newClient(2))),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid").length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "rate-limited").length).toBeGreaterThanOrEqual(45);
    await blockAccount({ actor: admin, accountId: target.id }, t.db); // its seat is for the next test
  });

  it("a browser with the owner's device cookie is not locked out by its address's failures (a shared office address)", async () => {
    const intranet = await t.db.area.findFirstOrThrow({ where: { pool: "PRIMARY" } });
    const owner = await createAccount({ actor: admin, source: "FORM", account: person(intranet.id, { password }) }, t.db);
    for (let i = 0; i < 31; i++) await verifySignIn({ username: `someone${i}`, password: "x" }, t.db, { address: "192.0.2.10" });
    expect(await verifySignIn({ username: owner.username, password }, t.db, { address: "192.0.2.10" })).toMatchObject({
      reason: "rate-limited",
    });
    expect(
      await verifySignIn({ username: owner.username, password }, t.db, {
        address: "192.0.2.10",
        deviceCookie: issueDeviceCookie(owner.username),
      }),
    ).toMatchObject({ ok: true });
  });
});
