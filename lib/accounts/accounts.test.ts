import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { verifySignIn } from "../auth/credentials";
import { verifyPassword } from "../auth/password";
import { blockAccount, createAccount, deleteAccount, unblockAccount, type Actor } from "../licensing";
import { changeOwnPassword } from "./change-own-password";
import { changeRoles } from "./change-roles";
import { passwordProblem } from "./password-policy";
import { checkPasswordLink, sendPasswordLink, setOneTimePassword, setPasswordWithLink } from "./reset-password";
import { endAccountSessions, endSession, loadLiveSession, SESSION_IDLE_MS, SESSION_MAX_MS, startSession } from "./sessions";

const system: Actor = { id: null, label: "test" };
const PASSWORD = "violet staple orbit lantern";
let t: TestDatabase;
let areaId: string;
let sysadmin: Actor;

beforeAll(async () => {
  t = await createTestDatabase();
  areaId = (await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 0 })).intranet.id;
  const root = await createAccount(
    { actor: system, source: "FORM", account: person(areaId, { isSysadmin: true, isPeopleAdmin: true }) },
    t.db,
  );
  await createAccount({ actor: system, source: "FORM", account: person(areaId, { isSysadmin: true, isPeopleAdmin: true }) }, t.db);
  sysadmin = { id: root.id, label: root.username, roles: { sysadmin: true, peopleAdmin: true } };
});
afterAll(async () => t.close());

const someone = (over: Record<string, unknown> = {}) =>
  createAccount({ actor: system, source: "FORM", account: person(areaId, { password: PASSWORD, ...over }) }, t.db);
const live = (sessionId: string) => loadLiveSession(sessionId, {}, t.db);

describe("password rules", () => {
  it("needs 12 characters, not the user name or e-mail, not a common password", () => {
    const who = { username: "jordan.lee.2024", email: "jordan@example.test" };
    expect(passwordProblem("short-pass1", who)).toMatch(/at least 12/);
    expect(passwordProblem("jordan.lee.2024", who)).toMatch(/user name/);
    expect(passwordProblem("JORDAN@example.test", who)).toMatch(/user name or e-mail/);
    // On the maintained list of common passwords (zxcvbn-ts), and near it.
    expect(passwordProblem("1q2w3e4r5t6y", who)).toMatch(/most commonly used/);
    expect(passwordProblem("password1234", who)).toMatch(/commonly used|too easy/);
    expect(passwordProblem("iloveyou1234", who)).toMatch(/too easy/);
    expect(passwordProblem("x".repeat(201), who)).toMatch(/at most 200/);
    expect(passwordProblem(PASSWORD, who)).toBeNull();
  });
});

describe("changing one's own password", () => {
  it("requires the current password and the rules, ends the other sessions and keeps this one", async () => {
    const account = await someone();
    const here = await startSession(account.id, {}, t.db);
    const elsewhere = await startSession(account.id, {}, t.db);
    await expect(
      changeOwnPassword(
        { accountId: account.id, sessionId: here.id, currentPassword: "wrong one", newPassword: "tangerine wobble kettle" },
        t.db,
      ),
    ).rejects.toThrow(/not your current password/);
    await expect(
      changeOwnPassword({ accountId: account.id, sessionId: here.id, currentPassword: PASSWORD, newPassword: "password1234" }, t.db),
    ).rejects.toThrow(/commonly used|too easy/);
    await expect(
      changeOwnPassword({ accountId: account.id, sessionId: here.id, currentPassword: PASSWORD, newPassword: PASSWORD }, t.db),
    ).rejects.toThrow(/different from the current/);
    expect(await verifySignIn({ username: account.username, password: PASSWORD }, t.db)).toMatchObject({ ok: true });

    await changeOwnPassword(
      { accountId: account.id, sessionId: here.id, currentPassword: PASSWORD, newPassword: "tangerine wobble kettle" },
      t.db,
    );
    expect(await live(here.id)).not.toBeNull();
    expect(await live(elsewhere.id)).toBeNull();
    expect(await verifySignIn({ username: account.username, password: PASSWORD }, t.db)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySignIn({ username: account.username, password: "tangerine wobble kettle" }, t.db)).toMatchObject({ ok: true });
  });
});

describe("an administrator's one-time password", () => {
  it("is shown once, stored hashed, must be changed at the next sign-in, and ends the account's sessions", async () => {
    const account = await someone();
    const open = await startSession(account.id, {}, t.db);
    const { password } = await setOneTimePassword({ actor: sysadmin, accountId: account.id }, t.db);
    const stored = await t.db.account.findUniqueOrThrow({ where: { id: account.id } });
    expect(stored.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, stored.passwordHash!)).toBe(true);
    expect(stored.mustChangePassword).toBe(true);
    expect(await live(open.id)).toBeNull();
    const next = await startSession(account.id, {}, t.db);
    expect((await live(next.id))?.account.mustChangePassword).toBe(true);
    await changeOwnPassword(
      { accountId: account.id, sessionId: next.id, currentPassword: password, newPassword: "marble cactus ferry drum" },
      t.db,
    );
    expect((await live(next.id))?.account.mustChangePassword).toBe(false);
    // The audit keeps that it happened, never the password.
    const events = await t.db.auditEvent.findMany({ where: { accountId: account.id, action: "account.password" } });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events.map((e) => [e.before, e.after, e.detail]))).not.toContain(password);
  });

  it("a People administrator cannot reset a sysadmin's password", async () => {
    const target = await someone({ isSysadmin: true });
    const peopleAdmin = await someone({ isPeopleAdmin: true });
    await expect(
      setOneTimePassword(
        { actor: { id: peopleAdmin.id, label: peopleAdmin.username, roles: { sysadmin: false, peopleAdmin: true } }, accountId: target.id },
        t.db,
      ),
    ).rejects.toThrow(/only a sysadmin may reset the password/);
  });
});

describe("the e-mailed set-password link", () => {
  const smtp = process.env.SMTP_URL;
  afterEach(() => {
    if (smtp === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = smtp;
  });

  it("needs mail to be set up", async () => {
    delete process.env.SMTP_URL;
    const account = await someone();
    await expect(sendPasswordLink({ actor: sysadmin, accountId: account.id, baseUrl: "https://seats.example.test" }, t.db)).rejects.toThrow(
      /E-mail is not set up/,
    );
  });

  it("is mailed, stored hashed, works once, and ends every session", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    const account = await someone();
    const open = await startSession(account.id, {}, t.db);
    await sendPasswordLink({ actor: sysadmin, accountId: account.id, baseUrl: "https://seats.example.test" }, t.db);
    const mail = await t.db.mailOutbox.findFirstOrThrow({ where: { to: account.email }, orderBy: { createdAt: "desc" } });
    const token = /\/set-password\/(spl_[A-Za-z0-9_-]+)/.exec(mail.body)![1];
    expect(mail.body).toContain("https://seats.example.test/set-password/");
    const stored = await t.db.passwordLink.findFirstOrThrow({ where: { accountId: account.id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await checkPasswordLink(token, {}, t.db)).toMatchObject({ username: account.username });

    await expect(setPasswordWithLink({ token, newPassword: "abc" }, t.db)).rejects.toThrow(/at least 12/);
    await setPasswordWithLink({ token, newPassword: "saffron pebble quartet" }, t.db);
    expect(await live(open.id)).toBeNull();
    expect(await verifySignIn({ username: account.username, password: "saffron pebble quartet" }, t.db)).toMatchObject({ ok: true });
    await expect(setPasswordWithLink({ token, newPassword: "another fine phrase" }, t.db)).rejects.toThrow(/used already, has expired/);
    expect(await checkPasswordLink(token, {}, t.db)).toBeNull();
  });

  it("expires after 24 hours, and a newer link replaces an older one", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:1";
    const account = await someone();
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      await sendPasswordLink({ actor: sysadmin, accountId: account.id, baseUrl: "http://localhost:3000" }, t.db);
      const mail = await t.db.mailOutbox.findFirstOrThrow({ where: { to: account.email }, orderBy: { createdAt: "desc" } });
      tokens.push(/\/set-password\/(spl_[A-Za-z0-9_-]+)/.exec(mail.body)![1]);
    }
    expect(await checkPasswordLink(tokens[0], {}, t.db)).toBeNull();
    const later = new Date(Date.now() + 24 * 3600_000 + 60_000);
    expect(await checkPasswordLink(tokens[1], { now: later }, t.db)).toBeNull();
    await expect(setPasswordWithLink({ token: tokens[1], newPassword: "saffron pebble quartet", now: later }, t.db)).rejects.toThrow(
      /expired/,
    );
    expect(await checkPasswordLink(tokens[1], {}, t.db)).not.toBeNull();
    expect(await checkPasswordLink("spl_not-a-real-token", {}, t.db)).toBeNull();
  });
});

describe("sessions end", () => {
  it("at sign-out, and a replayed cookie's session stays ended", async () => {
    const account = await someone();
    const session = await startSession(account.id, {}, t.db);
    expect(await live(session.id)).toMatchObject({ sessionId: session.id, account: { id: account.id } });
    await endSession(session.id, "signed out", t.db);
    expect(await live(session.id)).toBeNull();
    expect(await live("not-a-session")).toBeNull();
  });

  it("at a block, and a session saved before the block stays dead after the unblock", async () => {
    const account = await someone();
    const session = await startSession(account.id, {}, t.db);
    await blockAccount({ actor: system, accountId: account.id }, t.db);
    expect(await live(session.id)).toBeNull();
    await unblockAccount({ actor: system, accountId: account.id }, t.db);
    expect(await live(session.id)).toBeNull();
    expect(await live((await startSession(account.id, {}, t.db)).id)).not.toBeNull();
  });

  it("at a role change and at a delete", async () => {
    const account = await someone();
    const session = await startSession(account.id, {}, t.db);
    await changeRoles({ actor: sysadmin, accountId: account.id, sysadmin: false, peopleAdmin: true }, t.db);
    expect(await live(session.id)).toBeNull();
    const again = await startSession(account.id, {}, t.db);
    expect((await live(again.id))?.account.isPeopleAdmin).toBe(true);
    await deleteAccount({ actor: system, accountId: account.id }, t.db);
    expect(await live(again.id)).toBeNull();
  });

  it("everywhere at once, after going idle, and at the absolute limit", async () => {
    const account = await someone();
    const [a, b] = [await startSession(account.id, {}, t.db), await startSession(account.id, {}, t.db)];
    expect(await endAccountSessions(t.db, account.id, "signed out everywhere")).toBe(2);
    expect(await live(a.id)).toBeNull();
    expect(await live(b.id)).toBeNull();
    const start = new Date();
    const c = await startSession(account.id, { now: start }, t.db);
    expect(await loadLiveSession(c.id, { now: new Date(start.getTime() + SESSION_IDLE_MS - 60_000) }, t.db)).not.toBeNull();
    expect(await loadLiveSession(c.id, { now: new Date(start.getTime() + 2 * SESSION_IDLE_MS) }, t.db)).toBeNull();
    // Kept busy, it still ends at the absolute limit.
    const d = await startSession(account.id, { now: start }, t.db);
    await t.db.session.update({ where: { id: d.id }, data: { lastSeenAt: new Date(start.getTime() + SESSION_MAX_MS - 1000) } });
    expect(await loadLiveSession(d.id, { now: new Date(start.getTime() + SESSION_MAX_MS + 1000) }, t.db)).toBeNull();
  });
});
