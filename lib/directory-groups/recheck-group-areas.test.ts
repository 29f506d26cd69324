import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, person, setSeatLimits, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { blockAccount, createAccount } from "../licensing";
import { findMisplacedAccounts, RECHECK_ACTOR, recheckGroupAreas } from "./recheck-group-areas";

// The periodic re-check of group-decided areas, against a real database. Mappings are written
// straight into the table, as one whose own moves never ran (its process stopped, say): only the
// re-check can bring the members to the mapped area.

let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;
const admin = { id: null, label: "admin" };

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 10 });
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.db.groupAreaMapping.deleteMany();
  await t.db.scimGroup.deleteMany();
  await t.db.account.deleteMany();
  await t.db.seatPool.updateMany({ data: { activeCount: 0, fullNotified: false, nearFullNotified: false } });
  await setSeatLimits(t.db, 100, 10);
});

async function account(areaId = areas.intranet.id, over: Record<string, unknown> = {}) {
  const created = await createAccount({ actor: admin, source: "DIRECTORY", account: person(areaId, over) }, t.db);
  await new Promise((r) => setTimeout(r, 3)); // distinct arrival times
  return created.id;
}

async function group(displayName: string, members: string[]) {
  await t.db.scimGroup.create({
    data: { displayName, displayNameKey: displayName.toLowerCase(), members: { create: members.map((accountId) => ({ accountId })) } },
  });
}

let rank = 0;
async function mapping(groupName: string, areaId: string) {
  await t.db.groupAreaMapping.create({
    data: { groupName, matchBy: "DISPLAY_NAME", matchKey: groupName.toLowerCase(), areaId, rank: ++rank },
  });
}

async function where(id: string) {
  const a = await t.db.account.findUniqueOrThrow({ where: { id }, include: { area: true } });
  return `${a.area.name} ${a.state}${a.blockedReason ? ` ${a.blockedReason}` : ""}`;
}

const moves = () => t.db.auditEvent.count({ where: { action: "account.move" } });

describe("recheckGroupAreas", () => {
  it("moves the members of a group mapped after they arrived, oldest first, and a second run moves nobody", async () => {
    const [a, b, c, d, e] = [await account(), await account(), await account(), await account(), await account()];
    await group("Partners", [e, b, a, d]);
    await group("Unmapped", [c]);
    expect(await findMisplacedAccounts(t.db)).toEqual({ checked: 0, misplaced: [] }); // no mapping: no scan
    await mapping("Partners", areas.partners.id);

    const found = await findMisplacedAccounts(t.db);
    expect(found.checked).toBe(5);
    expect(found.misplaced.map((m) => m.id)).toEqual([a, b, d, e]);
    // Batches of two members read the same (keyset paging over the member ids).
    expect(await findMisplacedAccounts(t.db, 2)).toEqual(found);

    expect(await recheckGroupAreas(t.db)).toMatchObject({ checked: 5, misplaced: 4, moved: 4, waiting: 0, refused: [] });
    expect(await Promise.all([a, b, c, d, e].map(where))).toEqual([
      "Partners ACTIVE",
      "Partners ACTIVE",
      "Intranet ACTIVE",
      "Partners ACTIVE",
      "Partners ACTIVE",
    ]);
    const audited = await t.db.auditEvent.findMany({ where: { action: "account.move" }, orderBy: { id: "asc" } });
    expect(audited.map((m) => m.accountId)).toEqual([a, b, d, e]);
    expect(audited[0]).toMatchObject({ actorLabel: RECHECK_ACTOR.label, outcome: "SUCCESS" });
    expect(audited[0].detail).toMatch(/re-checked/);

    const before = await moves();
    expect(await recheckGroupAreas(t.db)).toMatchObject({ checked: 5, misplaced: 0, moved: 0, waiting: 0, activated: 0 });
    expect(await moves()).toBe(before);
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 1, real: 1 },
      { pool: "EXTRANET", counter: 4, real: 4 },
    ]);
  });

  it("follows a re-ranked or removed mapping: the first mapping decides, none leaves people where they are", async () => {
    const a = await account();
    await group("Staff", [a]);
    await group("Suppliers", [a]);
    await mapping("Suppliers", areas.suppliers.id);
    await mapping("Staff", areas.partners.id);
    await recheckGroupAreas(t.db);
    expect(await where(a)).toBe("Suppliers ACTIVE");
    // Staff put first, as moveGroupMapping would (its own moves not run).
    await t.db.groupAreaMapping.update({ where: { matchBy_matchKey: { matchBy: "DISPLAY_NAME", matchKey: "staff" } }, data: { rank: 0 } });
    expect(await recheckGroupAreas(t.db)).toMatchObject({ moved: 1 });
    expect(await where(a)).toBe("Partners ACTIVE");
    await t.db.groupAreaMapping.deleteMany();
    expect(await recheckGroupAreas(t.db)).toMatchObject({ checked: 0, moved: 0 });
    expect(await where(a)).toBe("Partners ACTIVE");
  });

  it("into a full pool, movers wait for a seat; a freed seat goes to the oldest of them at the next run", async () => {
    await setSeatLimits(t.db, 100, 1);
    const occupant = await account(areas.partners.id);
    const [first, second] = [await account(), await account()];
    await group("Partners", [second, first]);
    await mapping("Partners", areas.partners.id);

    expect(await recheckGroupAreas(t.db)).toMatchObject({ moved: 0, waiting: 2, activated: 0 });
    expect([await where(first), await where(second)]).toEqual(["Partners BLOCKED NO_SEAT", "Partners BLOCKED NO_SEAT"]);
    expect(await recheckGroupAreas(t.db)).toMatchObject({ misplaced: 0, waiting: 0, activated: 0 });

    await blockAccount({ actor: admin, accountId: occupant }, t.db); // frees the only extranet seat
    expect(await recheckGroupAreas(t.db)).toMatchObject({ misplaced: 0, activated: 1 });
    expect([await where(first), await where(second)]).toEqual(["Partners ACTIVE", "Partners BLOCKED NO_SEAT"]);
    await setSeatLimits(t.db, 100, 2);
    expect(await recheckGroupAreas(t.db)).toMatchObject({ activated: 1 });
    expect(await where(second)).toBe("Partners ACTIVE");
    expect(await seatCountersAgainstRealCounts(t.db)).toEqual([
      { pool: "PRIMARY", counter: 0, real: 0 },
      { pool: "EXTRANET", counter: 2, real: 2 },
    ]);
  });

  it("an account blocked by an administrator moves and stays blocked; the last sysadmin is not sent to wait, nor retried at every run", async () => {
    await setSeatLimits(t.db, 100, 1);
    await account(areas.partners.id); // the extranet is full
    const blocked = await account();
    await blockAccount({ actor: admin, accountId: blocked }, t.db);
    const root = await account(areas.intranet.id, { isSysadmin: true });
    await group("Partners", [blocked, root]);
    await mapping("Partners", areas.partners.id);

    const outcome = await recheckGroupAreas(t.db);
    expect(outcome).toMatchObject({ misplaced: 2, moved: 1, waiting: 0 });
    expect(outcome.refused).toEqual([expect.stringMatching(/last active sysadmin/)]);
    expect(await where(blocked)).toBe("Partners BLOCKED ADMIN");
    expect(await where(root)).toBe("Intranet ACTIVE");
    const refusals = () => t.db.auditEvent.count({ where: { action: "account.move", outcome: "REFUSED", accountId: root } });
    expect(await refusals()).toBe(1);
    // Refused an hour ago at most: left alone, not audited again every few minutes.
    expect(await recheckGroupAreas(t.db)).toMatchObject({ misplaced: 0, refused: [] });
    expect(await refusals()).toBe(1);
  });
});
