import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { InvalidInputError, type Actor } from "../licensing";
import { updateSiteSettings } from "../licensing/site-settings";
import { purgeAuditEvents } from "./purge-audit-events";
import { sealAuditChain } from "./seal-audit-chain";
import { verifyAuditChain } from "./verify-chain";

const admin: Actor = { id: null, label: "test admin" };
const DAY = 86_400_000;
const now = new Date("2031-06-01T12:00:00Z");
let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase();
  // 5 events 200 days old, 3 events 100 days old, 4 events 10 days old.
  for (const [age, n] of [
    [200, 5],
    [100, 3],
    [10, 4],
  ] as const) {
    for (let i = 0; i < n; i++) {
      await t.db.auditEvent.create({
        data: { at: new Date(now.getTime() - age * DAY + i * 1000), actorLabel: "old", action: "account.create", outcome: "SUCCESS" },
      });
    }
  }
  await sealAuditChain(t.db);
});
afterEach(async () => {
  await t.close();
});

it("keeps everything while retention is off (the default)", async () => {
  expect(await purgeAuditEvents({ now }, t.db)).toEqual({ purged: 0, skipped: "off" });
  expect(await t.db.auditEvent.count()).toBe(12);
});

it("refuses a retention under 90 days; empty turns it off", async () => {
  await expect(
    updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "30" } }, t.db),
  ).rejects.toThrow(InvalidInputError);
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "120" } }, t.db);
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "" } }, t.db);
  expect((await t.db.siteSettings.findUniqueOrThrow({ where: { id: 1 } })).auditRetentionDays).toBeNull();
  // Left out of the form, it stays as it is.
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "365" } }, t.db);
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 80 } }, t.db);
  expect((await t.db.siteSettings.findUniqueOrThrow({ where: { id: 1 } })).auditRetentionDays).toBe(365);
});

it("purges the events older than the setting, records itself, and the rest of the chain still verifies", async () => {
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "150" } }, t.db);
  const firstKept = (await t.db.auditEvent.findMany({ orderBy: { id: "asc" }, skip: 5, take: 1 }))[0];
  const outcome = await purgeAuditEvents({ now }, t.db);
  expect(outcome).toEqual({ purged: 5, olderThan: new Date(now.getTime() - 150 * DAY), chainStartsFrom: firstKept.prevHash });
  const left = await t.db.auditEvent.findMany({ orderBy: { id: "asc" } });
  expect(left.map((e) => e.action)).toEqual([...Array(7).fill("account.create"), "settings.change", "audit.purge"]);
  expect(left[0].id).toBe(firstKept.id);
  const purge = left[8];
  expect(purge.actorLabel).toBe("audit retention");
  expect(purge.after).toEqual({
    purged: 5,
    olderThan: new Date(now.getTime() - 150 * DAY).toISOString(),
    retentionDays: 150,
    chainStartsFrom: firstKept.prevHash,
  });
  expect(await verifyAuditChain({}, t.db)).toEqual({ ok: true, count: 9, startsFrom: firstKept.prevHash });

  // Nothing more is old enough: no purge, no event.
  expect(await purgeAuditEvents({ now }, t.db)).toMatchObject({ purged: 0 });
  expect(await t.db.auditEvent.count()).toBe(9);
  // Removing the oldest kept event by hand is still seen.
  await t.db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${firstKept.id}`;
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: false, problem: "missing-or-reordered", count: 0 });
});

it("purges everything when every event is old, and the purge event starts the chain", async () => {
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "90" } }, t.db);
  const later = new Date(now.getTime() + 400 * DAY);
  expect(await purgeAuditEvents({ now: later }, t.db)).toMatchObject({ purged: 13 });
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: true, count: 1, startsFrom: "" });
});

it("two processes purging at once: one purge, one event", async () => {
  await updateSiteSettings({ actor: admin, settings: { nearFullThresholdPct: 90, auditRetentionDays: "150" } }, t.db);
  const outcomes = await Promise.all([purgeAuditEvents({ now }, t.newClient(2)), purgeAuditEvents({ now }, t.newClient(2))]);
  expect(outcomes.reduce((sum, o) => sum + o.purged, 0)).toBe(5);
  expect(await t.db.auditEvent.count({ where: { action: "audit.purge" } })).toBe(1);
  expect(await verifyAuditChain({}, t.db)).toMatchObject({ ok: true });
});
