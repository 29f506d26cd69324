import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { changeRoles } from "../accounts/change-roles";
import {
  blockAccount,
  createAccount,
  deleteAccount,
  moveAccount,
  unblockAccount,
  updateAccountProfile,
  NotAllowedError,
  type Actor,
} from ".";

// The site's guard rails: it always keeps an active sysadmin and People administrator, and only
// a sysadmin touches a sysadmin's account. Each refusal says why.

const system: Actor = { id: null, label: "test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 100, maxExtranetUsers: 10 });
});
afterAll(async () => t.close());

const make = (over: Record<string, unknown> = {}) =>
  createAccount({ actor: system, source: "FORM", account: person(areas.intranet.id, over) }, t.db);
const as = (account: { id: string; username: string; isSysadmin: boolean; isPeopleAdmin: boolean }): Actor => ({
  id: account.id,
  label: account.username,
  roles: { sysadmin: account.isSysadmin, peopleAdmin: account.isPeopleAdmin },
});

it("the last active sysadmin cannot be blocked, deleted or demoted; with a second one it can", async () => {
  const root = await make({ isSysadmin: true });
  const helper = await make({ isPeopleAdmin: true, isSysadmin: true });
  const peopleAdmin = await make({ isPeopleAdmin: true });
  await blockAccount({ actor: as(root), accountId: helper.id }, t.db); // root blocks the other sysadmin: fine
  await expect(blockAccount({ actor: as(peopleAdmin), accountId: root.id }, t.db)).rejects.toThrow(/only a sysadmin may block/);
  await expect(blockAccount({ actor: system, accountId: root.id }, t.db)).rejects.toThrow(/last active sysadmin/);
  await expect(deleteAccount({ actor: system, accountId: root.id }, t.db)).rejects.toThrow(/last active sysadmin/);
  await expect(changeRoles({ actor: system, accountId: root.id, sysadmin: false, peopleAdmin: false }, t.db)).rejects.toThrow(
    /last active sysadmin/,
  );
  expect(await t.db.account.findUniqueOrThrow({ where: { id: root.id } })).toMatchObject({ state: "ACTIVE", isSysadmin: true });
  await unblockAccount({ actor: as(root), accountId: helper.id }, t.db);
  await changeRoles({ actor: as(helper), accountId: root.id, sysadmin: false, peopleAdmin: false }, t.db);
  expect(await t.db.account.findUniqueOrThrow({ where: { id: root.id } })).toMatchObject({ isSysadmin: false });
  // Refusals are typed, so screens can show them.
  await expect(deleteAccount({ actor: system, accountId: helper.id }, t.db)).rejects.toBeInstanceOf(NotAllowedError);
});

it("the last active People administrator cannot be blocked, deleted or demoted", async () => {
  const others = await t.db.account.findMany({ where: { isPeopleAdmin: true, state: "ACTIVE" } });
  const sysadmin = await make({ isSysadmin: true });
  // Leave exactly one: demote all but the first.
  for (const other of others.slice(1)) {
    await changeRoles({ actor: as(sysadmin), accountId: other.id, sysadmin: other.isSysadmin, peopleAdmin: false }, t.db);
  }
  const last = others[0];
  await expect(blockAccount({ actor: as(sysadmin), accountId: last.id }, t.db)).rejects.toThrow(/last active People administrator/);
  await expect(deleteAccount({ actor: as(sysadmin), accountId: last.id }, t.db)).rejects.toThrow(/last active People administrator/);
  await expect(
    changeRoles({ actor: as(sysadmin), accountId: last.id, sysadmin: last.isSysadmin, peopleAdmin: false }, t.db),
  ).rejects.toThrow(/last active People administrator/);
});

it("nobody removes their own sysadmin role, and only sysadmins change roles", async () => {
  const a = await make({ isSysadmin: true });
  await make({ isSysadmin: true });
  await expect(changeRoles({ actor: as(a), accountId: a.id, sysadmin: false, peopleAdmin: false }, t.db)).rejects.toThrow(
    /your own sysadmin role/,
  );
  const peopleAdmin = await make({ isPeopleAdmin: true });
  const plain = await make();
  await expect(changeRoles({ actor: as(peopleAdmin), accountId: plain.id, sysadmin: false, peopleAdmin: true }, t.db)).rejects.toThrow(
    /Only sysadmins/,
  );
  await changeRoles({ actor: as(a), accountId: plain.id, sysadmin: false, peopleAdmin: true }, t.db);
  expect(await t.db.account.findUniqueOrThrow({ where: { id: plain.id } })).toMatchObject({ isPeopleAdmin: true });
  const audit = await t.db.auditEvent.findFirstOrThrow({ where: { accountId: plain.id, action: "account.roles" } });
  expect(audit).toMatchObject({ actorLabel: a.username, before: { roles: "none" }, after: { roles: "People administrator" } });
});

it("only a sysadmin may block, delete, edit, move or unblock a sysadmin's account; nobody blocks or deletes themselves", async () => {
  const sysadmin = await make({ isSysadmin: true });
  const peopleAdmin = await make({ isPeopleAdmin: true });
  const pa = as(peopleAdmin);
  await expect(updateAccountProfile({ actor: pa, accountId: sysadmin.id, profile: { givenName: "Changed" } }, t.db)).rejects.toThrow(
    /only a sysadmin may edit/,
  );
  await expect(moveAccount({ actor: pa, accountId: sysadmin.id, areaId: areas.partners.id }, t.db)).rejects.toThrow(
    /only a sysadmin may move/,
  );
  await expect(deleteAccount({ actor: pa, accountId: sysadmin.id }, t.db)).rejects.toThrow(/only a sysadmin may delete/);
  await blockAccount({ actor: system, accountId: sysadmin.id }, t.db);
  await expect(unblockAccount({ actor: pa, accountId: sysadmin.id }, t.db)).rejects.toThrow(/only a sysadmin may unblock/);
  await expect(blockAccount({ actor: pa, accountId: peopleAdmin.id }, t.db)).rejects.toThrow(/your own account/);
  await expect(deleteAccount({ actor: pa, accountId: peopleAdmin.id }, t.db)).rejects.toThrow(/your own account/);
  // Ordinary accounts are the People administrator's to manage.
  const plain = await make();
  await updateAccountProfile({ actor: pa, accountId: plain.id, profile: { givenName: "Renamed" } }, t.db);
  await blockAccount({ actor: pa, accountId: plain.id }, t.db);
});

it("a directory-managed account's directory fields are read-only for people, and a block still wins", async () => {
  const synced = await createAccount(
    { actor: system, source: "DIRECTORY", account: person(areas.intranet.id, { externalId: "dir-1" }) },
    t.db,
  );
  const admin = as(await make({ isPeopleAdmin: true }));
  await expect(updateAccountProfile({ actor: admin, accountId: synced.id, profile: { email: "new@example.test" } }, t.db)).rejects.toThrow(
    /directory/,
  );
  await expect(moveAccount({ actor: admin, accountId: synced.id, areaId: areas.partners.id }, t.db)).rejects.toThrow(/directory/);
  // The directory itself may change them.
  await updateAccountProfile({ actor: system, accountId: synced.id, profile: { givenName: "From directory" } }, t.db);
  await blockAccount({ actor: admin, accountId: synced.id }, t.db);
  expect(await t.db.account.findUniqueOrThrow({ where: { id: synced.id } })).toMatchObject({
    state: "BLOCKED",
    blockedReason: "ADMIN",
    givenName: "From directory",
  });
});

it("two sysadmins blocking each other at once: exactly one succeeds, the site keeps a sysadmin", async () => {
  await t.db.account.updateMany({ where: { isSysadmin: true }, data: { isSysadmin: false } });
  const a = await make({ isSysadmin: true });
  const b = await make({ isSysadmin: true });
  for (let round = 0; round < 5; round++) {
    const results = await Promise.allSettled([
      blockAccount({ actor: as(a), accountId: b.id }, t.newClient(2)),
      blockAccount({ actor: as(b), accountId: a.id }, t.newClient(2)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(NotAllowedError);
    expect(await t.db.account.count({ where: { isSysadmin: true, state: "ACTIVE" } })).toBe(1);
    await unblockAccount({ actor: system, accountId: a.id }, t.db);
    await unblockAccount({ actor: system, accountId: b.id }, t.db);
  }
});
