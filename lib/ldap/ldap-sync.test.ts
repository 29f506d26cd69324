import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import {
  groupDn,
  groupLdif,
  personDn,
  personLdif,
  SERVICE_DN,
  SERVICE_PASSWORD,
  startTestDirectory,
  TEST_SUFFIX,
  type TestDirectory,
  type TestPerson,
} from "../../test/ldap/test-directory";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { changeOwnPassword } from "../accounts/change-own-password";
import { setOneTimePassword } from "../accounts/reset-password";
import { verifySignIn } from "../auth/credentials";
import { SEED_ACTOR } from "../licensing";
import type { Db } from "../db/client";
import { INTERRUPTED_ERROR, settleInterruptedRuns } from "./interrupted-runs";
import { readLatestLdapSyncRun } from "./read-sync-runs";
import { previewLdapSync, runLdapSync, workOnLdapSync } from "./run-sync";
import { startLdapSync } from "./start-sync";
import { SYNC_LOCK } from "./sync-lock";
import { openSealedSecret } from "./sealed-secret";
import { getLdapSettings, saveLdapSettings } from "./settings";
import { testLdapConnection } from "./test-connection";
import { LDAP_PRESETS, type LdapSettingsInput } from "./settings-schema";

// Against a real OpenLDAP (Debian's slapd, started by the test on a free port, StartTLS with a
// certificate generated for 127.0.0.1), playing Active Directory: sAMAccountName, objectGUID,
// userAccountControl, memberOf.

const sysadmin = { id: null, label: "test sysadmin" };
const guid = (n: number) => `0000000${n}-1111-2222-3333-444444444444`.slice(-36);
const people: Record<string, TestPerson> = {
  alice: { uid: "alice", givenName: "Alice", sn: "Archer", guid: guid(1), password: "alice-directory-pw" },
  bob: { uid: "bob", givenName: "Bob", sn: "Baker", guid: guid(2) },
  carol: { uid: "carol", givenName: "Carol", sn: "Cook", guid: guid(3) },
  dave: { uid: "dave", givenName: "Dave", sn: "Disabled", guid: guid(4), disabled: true },
  erin: { uid: "erin", givenName: "Erin", sn: "Extern", guid: guid(5) },
  // No mail: a malformed entry, skipped and reported.
  mallory: { uid: "mallory", givenName: "Mallory", sn: "Malformed", guid: guid(6), mail: "" },
};

let t: TestDatabase;
let directory: TestDirectory;
let areas: Awaited<ReturnType<typeof createSite>>;
let settings: LdapSettingsInput;

async function accounts() {
  const rows = await t.db.account.findMany({ where: { source: "LDAP" }, include: { area: true }, orderBy: { username: "asc" } });
  return Object.fromEntries(rows.map((a) => [a.username, a]));
}
/** Every account and the seat counters, to show a failed run changed nothing. */
async function snapshot() {
  return {
    accounts: await t.db.account.findMany({ orderBy: { id: "asc" } }),
    pools: await t.db.seatPool.findMany({ orderBy: { pool: "asc" }, select: { pool: true, activeCount: true } }),
  };
}
async function sync() {
  const preview = await previewLdapSync(t.db);
  const run = await runLdapSync({ trigger: "test" }, t.db);
  if (!preview.ok || !run.ok) throw new Error(`sync failed: ${!preview.ok && preview.error} ${!run.ok && run.error}`);
  // The preview computes exactly what the run then does.
  expect(run.counts).toEqual(preview.counts);
  for (const pool of await seatCountersAgainstRealCounts(t.db)) expect(pool.counter).toBe(pool.real);
  return run;
}

beforeAll(async () => {
  process.env.AUTH_SECRET = "ldap-test-secret-ldap-test-secret";
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 2, maxExtranetUsers: 5 });
  directory = await startTestDirectory({
    pageLimit: 2, // the server refuses unpaged searches of more than 2 entries: the sync must page
    ldif: [
      ...Object.values(people).map(personLdif),
      groupLdif("staff", ["alice", "bob", "carol", "dave"]),
      groupLdif("partners", ["erin"]),
    ].join("\n"),
  });
  settings = {
    url: directory.url,
    caCertificate: directory.caCertificate,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    baseDn: `ou=people,${TEST_SUFFIX}`,
    ...LDAP_PRESETS.ACTIVE_DIRECTORY,
    userFilter: "(objectClass=inetOrgPerson)",
    preset: "ACTIVE_DIRECTORY",
    areaMode: "GROUPS",
    areaRules: [{ areaId: areas.partners.id, match: groupDn("partners") }],
    defaultAreaId: areas.intranet.id,
    scheduleMinutes: 60,
  };
  await saveLdapSettings({ actor: sysadmin, settings }, t.db);
});
afterAll(async () => {
  await directory?.stop();
  await t?.close();
});

describe("LDAP settings", () => {
  it("stores the bind password encrypted, never shows it back, and keeps it when left empty", async () => {
    const row = await t.db.ldapDirectory.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.bindPasswordSealed).not.toContain(SERVICE_PASSWORD);
    expect(row.bindPasswordSealed).toMatch(/^v1:/);
    expect(openSealedSecret(row.bindPasswordSealed)).toBe(SERVICE_PASSWORD);
    expect(() => openSealedSecret(row.bindPasswordSealed, "another-secret-another-secret")).toThrow(/cannot be read/);
    const view = await getLdapSettings(t.db);
    expect(view?.hasBindPassword).toBe(true);
    expect(JSON.stringify(view)).not.toContain(SERVICE_PASSWORD);
    await saveLdapSettings({ actor: sysadmin, settings: { ...settings, bindPassword: "" } }, t.db);
    expect(openSealedSecret((await t.db.ldapDirectory.findUniqueOrThrow({ where: { id: 1 } })).bindPasswordSealed)).toBe(SERVICE_PASSWORD);
    // The audit trail says it changed, never what it is.
    const events = await t.db.auditEvent.findMany({ where: { action: "settings.change" } });
    expect(events.length).toBe(2);
    expect(JSON.stringify(events, (_, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(SERVICE_PASSWORD);
  });

  it("refuses bad settings with a clear message per field", async () => {
    await expect(
      saveLdapSettings(
        { actor: sysadmin, settings: { ...settings, url: "http://dc1", userFilter: "objectClass=user", bindDn: "nobody" } },
        t.db,
      ),
    ).rejects.toThrow(/ldap:\/\/ .*or ldaps:\/\/[\s\S]*must be a DN[\s\S]*in parentheses/);
  });
});

describe("Test connection", () => {
  it("binds over StartTLS and counts what the filter selects, or says what is wrong", async () => {
    expect(await testLdapConnection({}, t.db)).toEqual({
      ok: true,
      message: `Connected to ${directory.url} over StartTLS and bound as ${SERVICE_DN}: the user filter selects 6 entries under ou=people,${TEST_SUFFIX}.`,
    });
    await saveLdapSettings({ actor: sysadmin, settings: { ...settings, bindPassword: "wrong-password" } }, t.db);
    expect(await testLdapConnection({}, t.db)).toEqual({ ok: false, error: expect.stringMatching(/refused the bind DN and password/) });
    await saveLdapSettings({ actor: sysadmin, settings }, t.db);
  });

  it("tests the form's unsaved values (the saved password when left empty) and saves nothing", async () => {
    // As the form sends them: strings, the other fields of the form beside them.
    const form = {
      url: directory.url,
      caCertificate: directory.caCertificate,
      bindDn: SERVICE_DN,
      bindPassword: "",
      baseDn: `ou=people,${TEST_SUFFIX}`,
      userFilter: "(uid=alice)",
      preset: "OPENLDAP",
      "areaRules.0.areaId": "",
    };
    const saved = await t.db.ldapDirectory.findUniqueOrThrow({ where: { id: 1 } });
    const audited = await t.db.auditEvent.count();
    const test = (change: Record<string, string>) => testLdapConnection({ form: { ...form, ...change } }, t.db);
    // The filter typed in the form, not the saved one (which selects 6).
    expect(await test({})).toEqual({
      ok: true,
      message: `Connected to ${directory.url} over StartTLS and bound as ${SERVICE_DN}: the user filter selects 1 entry under ou=people,${TEST_SUFFIX}.`,
    });
    expect(await test({ bindPassword: SERVICE_PASSWORD })).toMatchObject({ ok: true });
    expect(await test({ bindPassword: "wrong-password" })).toEqual({
      ok: false,
      error: expect.stringMatching(/refused the bind DN and password/),
    });
    expect(await test({ baseDn: `ou=nowhere,${TEST_SUFFIX}` })).toEqual({
      ok: false,
      error: expect.stringMatching(/no entry at the base DN/),
    });
    expect(await test({ url: "ldap://127.0.0.1:1" })).toEqual({ ok: false, error: expect.stringMatching(/unreachable \(ECONNREFUSED\)/) });
    const other = await startTestDirectory();
    try {
      expect(await test({ caCertificate: other.caCertificate })).toEqual({
        ok: false,
        error: expect.stringMatching(/certificate is not trusted/),
      });
    } finally {
      await other.stop();
    }
    expect(await test({ url: "http://dc1", userFilter: "uid=alice" })).toEqual({
      ok: false,
      error: expect.stringMatching(/ldap:\/\/ .*or ldaps:\/\/.* The user filter must be in parentheses/),
    });
    // Nothing saved, nothing audited.
    expect(await t.db.ldapDirectory.findUniqueOrThrow({ where: { id: 1 } })).toEqual(saved);
    expect(await t.db.auditEvent.count()).toBe(audited);
  });
});

describe("LDAP sync", () => {
  it("first sync: creates the enabled people, the pool's overflow waiting, skips the malformed entry, ignores the disabled one", async () => {
    const preview = await previewLdapSync(t.db);
    expect(preview.ok && preview.summary).toBe(
      "Would create 4 (1 of them waiting for a seat), update 0, block 0; 1 entry skipped (6 entries read).",
    );
    expect(await t.db.account.count()).toBe(0); // the preview wrote nothing
    const run = await sync();
    expect(run.problems).toEqual([{ dn: personDn("mallory"), problem: "has no mail" }]);
    const a = await accounts();
    expect(Object.keys(a)).toEqual(["alice", "bob", "carol", "erin"]);
    expect([a.alice.state, a.bob.state, a.carol.state, a.carol.blockedReason]).toEqual(["ACTIVE", "ACTIVE", "BLOCKED", "NO_SEAT"]);
    expect(a.erin.area.name).toBe("Partners");
    expect(a.erin.state).toBe("ACTIVE");
    expect(a.alice.externalId).toBe(guid(1));
    expect(a.alice.email).toBe("alice@example.test");
    const record = await t.db.ldapSyncRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(record).toMatchObject({ created: 4, createdWaiting: 1, skipped: 1, entries: 6, error: null });
    expect(record.finishedAt).not.toBeNull();
    expect(await t.db.auditEvent.count({ where: { action: "account.create", actorLabel: "LDAP sync" } })).toBe(4);
  });

  it("pages: the server answers a plain search with at most 2 entries, and the sync read all 6", async () => {
    const { Client, SizeLimitExceededError } = await import("ldapts");
    const client = new Client({ url: directory.url });
    try {
      await client.startTLS({ ca: [directory.caCertificate], checkServerIdentity: () => undefined });
      await client.bind(SERVICE_DN, SERVICE_PASSWORD);
      await expect(client.search(`ou=people,${TEST_SUFFIX}`, { filter: "(objectClass=inetOrgPerson)" })).rejects.toThrow(
        SizeLimitExceededError,
      );
    } finally {
      await client.unbind();
    }
  });

  it("a second sync with no change changes nothing", async () => {
    const run = await sync();
    expect(run.counts).toMatchObject({ created: 0, updated: 0, blocked: 0, moved: 0, activated: 0 });
  });

  it("when the pool is full, newcomers wait and are activated in arrival order as seats free", async () => {
    await directory.add(personLdif({ uid: "frank", givenName: "Frank", sn: "Fourth", guid: guid(7) }));
    expect((await sync()).counts).toMatchObject({ created: 1, createdWaiting: 1 });
    // alice is disabled in the directory (userAccountControl bit 2): blocked, and carol, who has
    // waited longest, takes her seat; frank keeps waiting.
    await directory.modify(`dn: ${personDn("alice")}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n`);
    expect((await sync()).counts).toMatchObject({ blocked: 1, activated: 1 });
    let a = await accounts();
    expect([a.alice.state, a.alice.blockedReason]).toEqual(["BLOCKED", "DIRECTORY"]);
    expect([a.carol.state, a.frank.state]).toEqual(["ACTIVE", "BLOCKED"]);
    // bob leaves the directory: blocked by the directory (never deleted), frank gets the seat.
    await directory.modify(`dn: ${personDn("bob")}\nchangetype: delete\n`);
    expect((await sync()).counts).toMatchObject({ blocked: 1, activated: 1 });
    a = await accounts();
    expect([a.bob.state, a.bob.blockedReason, a.frank.state]).toEqual(["BLOCKED", "DIRECTORY", "ACTIVE"]);
  });

  it("moves accounts between areas when their groups change, and updates profile fields", async () => {
    await directory.modify(
      [
        `dn: ${groupDn("partners")}\nchangetype: modify\nadd: member\nmember: ${personDn("carol")}\n`,
        `dn: ${personDn("frank")}\nchangetype: modify\nreplace: sn\nsn: Renamed\n`,
      ].join("\n"),
    );
    expect((await sync()).counts).toMatchObject({ moved: 1, updated: 1 });
    const a = await accounts();
    expect(a.carol.area.name).toBe("Partners");
    expect(a.carol.state).toBe("ACTIVE");
    expect(a.frank.familyName).toBe("Renamed");
    // carol's primary seat is free again.
    expect((await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).activeCount).toBe(1);
  });

  it("re-enables an account the directory enables again", async () => {
    await directory.modify(`dn: ${personDn("alice")}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 512\n`);
    expect((await sync()).counts).toMatchObject({ reactivated: 1 });
    expect((await accounts()).alice.state).toBe("ACTIVE");
  });

  it("the schedule runs a sync only when the last one is older than the schedule asks", async () => {
    expect(await runLdapSync({ trigger: "schedule", onlyWhenDue: true }, t.db)).toBeNull(); // hourly, the last run was just now
    await t.db.ldapSyncRun.updateMany({ data: { startedAt: new Date(Date.now() - 61 * 60_000) } });
    expect(await runLdapSync({ trigger: "schedule", onlyWhenDue: true }, t.db)).toMatchObject({ ok: true });
    await t.db.ldapDirectory.update({ where: { id: 1 }, data: { scheduleMinutes: null } });
    await t.db.ldapSyncRun.updateMany({ data: { startedAt: new Date(Date.now() - 1000 * 60_000) } });
    expect(await runLdapSync({ trigger: "schedule", onlyWhenDue: true }, t.db)).toBeNull(); // off
    await t.db.ldapDirectory.update({ where: { id: 1 }, data: { scheduleMinutes: 60 } });
  });

  it("an account blocked by hand stays blocked", async () => {
    const { blockAccount } = await import("../licensing");
    await blockAccount({ actor: SEED_ACTOR, accountId: (await accounts()).erin.id, reason: "ADMIN" }, t.db);
    expect((await sync()).counts).toMatchObject({ reactivated: 0, blocked: 0 });
    expect((await accounts()).erin.blockedReason).toBe("ADMIN");
  });

  it("a waiting account gone from the directory leaves the queue, blocked by the directory", async () => {
    await directory.add(personLdif({ uid: "gina", givenName: "Gina", sn: "Gone", guid: guid(8) }));
    expect((await sync()).counts).toMatchObject({ created: 1, createdWaiting: 1 });
    expect((await accounts()).gina.blockedReason).toBe("NO_SEAT");
    await directory.modify(`dn: ${personDn("gina")}\nchangetype: delete\n`);
    expect((await sync()).counts).toMatchObject({ blocked: 1, activated: 0 });
    expect((await accounts()).gina.blockedReason).toBe("DIRECTORY");
  });

  it("refuses a second run while one is running, across processes", async () => {
    // Another process holds the sync's advisory lock (as a run in progress does).
    const { default: pg } = await import("pg");
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [SYNC_LOCK.toString()]);
      const refused = await runLdapSync({ trigger: "test" }, t.db);
      expect(refused).toMatchObject({ ok: false, busy: true, runId: null });
      expect(!refused.ok && refused.error).toMatch(/Another LDAP sync is running/);
      await other.query("SELECT pg_advisory_unlock($1)", [SYNC_LOCK.toString()]);
      expect((await runLdapSync({ trigger: "test" }, t.db)).ok).toBe(true);
    } finally {
      await other.end();
    }
  });
});

describe("Sync in the background", () => {
  /** The database client, with every write to a run's record noted (its progress as the page sees it). */
  function watchingRunWrites() {
    const writes: Record<string, unknown>[] = [];
    const client = t.db.$extends({
      query: {
        ldapSyncRun: {
          async update({ args, query }) {
            writes.push({ ...(args.data as Record<string, unknown>) });
            return query(args);
          },
        },
      },
    }) as unknown as Db;
    return { client, writes };
  }

  it("Sync now queues a run and returns at once; the worker runs it, writing its progress every batch", async () => {
    await directory.add(personLdif({ uid: "hana", givenName: "Hana", sn: "Background", guid: guid(9) }));
    const started = await startLdapSync({ trigger: "sysadmin-one" }, t.db);
    if (!started.ok) throw new Error(started.error);
    expect(started.run).toMatchObject({ phase: "QUEUED", running: true, trigger: "sysadmin-one", summary: "Starting…" });
    // Nothing synced yet: the work is the worker's.
    expect((await accounts()).hana).toBeUndefined();
    expect(await readLatestLdapSyncRun(t.db)).toMatchObject({ id: started.run.id, running: true });

    const { client, writes } = watchingRunWrites();
    const outcome = await workOnLdapSync(client);
    expect(outcome).toMatchObject({ ok: true, runId: BigInt(started.run.id), counts: { created: 1 } });
    // In order: entries read after each page (one page of 7 here), the changes being applied, the
    // count after the batch of newcomers, then the outcome. Every write in progress is also a heartbeat.
    const reading = writes.findIndex((w) => w.phase === undefined && w.entries === 7 && w.created === 0);
    const applying = writes.findIndex((w) => w.phase === "APPLYING" && Array.isArray(w.problems));
    const created = writes.findIndex((w) => w.phase === undefined && w.created === 1);
    expect(reading).toBeGreaterThanOrEqual(0);
    expect([reading < applying, applying < created]).toEqual([true, true]);
    expect(writes.slice(0, -1).every((w) => w.heartbeatAt instanceof Date)).toBe(true);
    expect(writes.at(-1)).toMatchObject({ phase: "DONE", created: 1 });

    const latest = await readLatestLdapSyncRun(t.db);
    expect(latest).toMatchObject({ id: started.run.id, running: false, phase: "DONE", error: null });
    expect(latest?.summary).toMatch(/^Sync done: created 1\b/);
    expect((await accounts()).hana).toBeDefined();
    // The end is audited as before.
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: "ldap.sync" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", detail: latest?.summary });
    // Nothing left to do: the next turn of the worker does nothing.
    expect(await workOnLdapSync(t.db)).toBeNull();
  });

  it("a second Sync now while a run is going says who started it and when, and starts nothing", async () => {
    const first = await startLdapSync({ trigger: "sysadmin-one" }, t.db);
    if (!first.ok) throw new Error(first.error);
    const runs = await t.db.ldapSyncRun.count();
    const second = await startLdapSync({ trigger: "sysadmin-two" }, t.db);
    const at = first.run.startedAt.slice(0, 16).replace("T", " ");
    expect(second).toMatchObject({ ok: false, busy: true, run: { id: first.run.id } });
    expect(!second.ok && second.error).toBe(`A sync started by sysadmin-one at ${at} UTC is still running: its progress shows below.`);
    // Nor does the schedule, nor a direct run.
    expect(await runLdapSync({ trigger: "test" }, t.db)).toMatchObject({ ok: false, busy: true });
    expect(await t.db.ldapSyncRun.count()).toBe(runs);
    expect(await workOnLdapSync(t.db)).toMatchObject({ ok: true, runId: BigInt(first.run.id) });
  });

  it("a run whose process died is recorded as interrupted and does not block a new run", async () => {
    // A process took the sync's lock, claimed a run and died mid-way: its heartbeat stopped.
    const { default: pg } = await import("pg");
    const dying = new pg.Client({ connectionString: t.url });
    await dying.connect();
    await dying.query("SELECT pg_advisory_lock($1)", [SYNC_LOCK.toString()]);
    const ghost = await t.db.ldapSyncRun.create({
      data: {
        trigger: "sysadmin-ghost",
        phase: "APPLYING",
        entries: 6,
        startedAt: new Date(Date.now() - 10 * 60_000),
        heartbeatAt: new Date(Date.now() - 5 * 60_000),
      },
    });
    // A fresh heartbeat, or the lock still held: not interrupted (a busy run may be late with its heartbeat).
    expect(await settleInterruptedRuns(t.db)).toBe(0);
    expect(await startLdapSync({ trigger: "sysadmin-one" }, t.db)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^A sync started by sysadmin-ghost at .* UTC is still running/),
    });
    await dying.end(); // the process is gone: its session and its lock with it

    const started = await startLdapSync({ trigger: "sysadmin-one" }, t.db);
    expect(started.ok).toBe(true);
    const record = await t.db.ldapSyncRun.findUniqueOrThrow({ where: { id: ghost.id } });
    expect(record).toMatchObject({ phase: "INTERRUPTED", error: INTERRUPTED_ERROR, entries: 6 });
    expect(record.finishedAt).not.toBeNull();
    expect(
      await t.db.auditEvent.count({
        where: { action: "ldap.sync", outcome: "REFUSED", detail: INTERRUPTED_ERROR, actorLabel: "LDAP sync" },
      }),
    ).toBe(1);
    // Settled once: a second look changes nothing.
    expect(await settleInterruptedRuns(t.db)).toBe(0);
    // The new run was never blocked: the worker runs it.
    expect(await workOnLdapSync(t.db)).toMatchObject({ ok: true });
    const [latest, interrupted] = await t.db.ldapSyncRun.findMany({ orderBy: { id: "desc" }, take: 2 });
    expect([latest.phase, interrupted.phase]).toEqual(["DONE", "INTERRUPTED"]);
  });

  it("the worker starts a scheduled run when one is due, once", async () => {
    const before = await t.db.ldapSyncRun.count();
    expect(await workOnLdapSync(t.db)).toBeNull(); // hourly, the last run was just now
    await t.db.ldapSyncRun.updateMany({ data: { startedAt: new Date(Date.now() - 61 * 60_000) } });
    expect(await workOnLdapSync(t.db)).toMatchObject({ ok: true });
    expect(await workOnLdapSync(t.db)).toBeNull();
    expect(await t.db.ldapSyncRun.count()).toBe(before + 1);
    expect(await readLatestLdapSyncRun(t.db)).toMatchObject({ trigger: "schedule", phase: "DONE" });
  });

  it("a queued run with a fresh heartbeat is left for a worker, not settled", async () => {
    const started = await startLdapSync({ trigger: "sysadmin-one" }, t.db);
    if (!started.ok) throw new Error(started.error);
    expect(await settleInterruptedRuns(t.db, new Date(Date.now() + 10_000))).toBe(0);
    // Half a minute with no worker to pick it up: it no longer blocks either.
    expect(await settleInterruptedRuns(t.db, new Date(Date.now() + 60_000))).toBe(1);
    expect(await readLatestLdapSyncRun(t.db)).toMatchObject({ id: started.run.id, phase: "INTERRUPTED", running: false });
  });
});

describe("LDAP failures: a clear error, nothing changed", () => {
  async function failingRun(change: Partial<LdapSettingsInput>, expected: RegExp) {
    await saveLdapSettings({ actor: sysadmin, settings: { ...settings, ...change } }, t.db);
    await directory.modify(`dn: ${personDn("erin")}\nchangetype: modify\nreplace: sn\nsn: Changed\n`).catch(() => {});
    await directory.add(
      personLdif({
        uid: `new${Date.now()}`,
        givenName: "New",
        sn: "Comer",
        guid: `${Date.now()}`.padStart(8, "0").slice(-8) + "-9999-9999-9999-999999999999",
      }),
    );
    const before = await snapshot();
    const preview = await previewLdapSync(t.db);
    expect(!preview.ok && preview.error).toMatch(expected);
    const run = await runLdapSync({ trigger: "test" }, t.db);
    expect(run.ok).toBe(false);
    expect(!run.ok && run.error).toMatch(expected);
    expect(await snapshot()).toEqual(before);
    const record = await t.db.ldapSyncRun.findUniqueOrThrow({ where: { id: !run.ok ? run.runId! : 0n } });
    expect(record.error).toMatch(expected);
    await saveLdapSettings({ actor: sysadmin, settings }, t.db);
  }

  it("a base DN that does not exist", () => failingRun({ baseDn: `ou=nowhere,${TEST_SUFFIX}` }, /no entry at the base DN/));
  it("a refused bind", () => failingRun({ bindPassword: "wrong-password" }, /refused the bind DN and password/));
  it("an unreachable server", async () => {
    const { default: net } = await import("node:net");
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await failingRun({ url: `ldap://127.0.0.1:${port}` }, /unreachable \(ECONNREFUSED\)/);
  });
  it("a certificate the given CA does not vouch for", async () => {
    const other = await startTestDirectory();
    try {
      await failingRun({ caCertificate: other.caCertificate }, /certificate is not trusted/);
    } finally {
      await other.stop();
    }
  });
});

describe("sign-in by LDAP bind", () => {
  it("signs in with the directory password, refuses a wrong one, and says so when the directory is down", async () => {
    expect(await verifySignIn({ username: "alice", password: "alice-directory-pw" }, t.db)).toMatchObject({ ok: true });
    expect(await verifySignIn({ username: "alice", password: "wrong-password" }, t.db)).toEqual({ ok: false, reason: "invalid" });
    // A local password set on the account is not accepted for an LDAP account.
    await saveLdapSettings({ actor: sysadmin, settings: { ...settings, url: "ldap://127.0.0.1:1" } }, t.db);
    expect(await verifySignIn({ username: "alice", password: "alice-directory-pw" }, t.db)).toEqual({
      ok: false,
      reason: "directory-unreachable",
    });
    await saveLdapSettings({ actor: sysadmin, settings }, t.db);
  });

  it("has no local password to change or reset", async () => {
    const alice = (await accounts()).alice;
    await expect(changeOwnPassword({ accountId: alice.id, sessionId: null, currentPassword: "x", newPassword: "y" }, t.db)).rejects.toThrow(
      /directory .* password: change it there/,
    );
    await expect(setOneTimePassword({ actor: SEED_ACTOR, accountId: alice.id }, t.db)).rejects.toThrow(/reset it in the directory/);
  });
});

describe("OpenLDAP preset, areas by filter", () => {
  it("syncs with uid and entryUUID, the area of each person from the first filter that matches", async () => {
    const other = await createTestDatabase();
    try {
      const site = await createSite(other.db, { maxUsers: 10, maxExtranetUsers: 10 });
      await saveLdapSettings(
        {
          actor: sysadmin,
          settings: {
            ...settings,
            ...LDAP_PRESETS.OPENLDAP,
            preset: "OPENLDAP",
            areaMode: "FILTERS",
            areaRules: [
              { areaId: site.suppliers.id, match: "(uid=erin)" },
              { areaId: site.partners.id, match: "(givenName=E*)" },
            ],
            defaultAreaId: site.intranet.id,
          },
        },
        other.db,
      );
      const run = await runLdapSync({ trigger: "test" }, other.db);
      expect(run.ok).toBe(true);
      const rows = await other.db.account.findMany({ include: { area: true } });
      const erin = rows.find((r) => r.username === "erin")!;
      expect(erin.area.name).toBe("Suppliers");
      expect(erin.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(erin.externalId).not.toBe(guid(5)); // entryUUID, not the objectGUID
      expect(rows.find((r) => r.username === "alice")!.area.name).toBe("Intranet");
    } finally {
      await other.close();
    }
  });
});
