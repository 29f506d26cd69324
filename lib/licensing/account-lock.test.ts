import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { lockAccount } from "./account-lock";
import { blockAccount } from "./block-account";
import { createAccount } from "./create-account";
import { AccountNotFoundError } from "./errors";

// lockAccount reads the account and its area in one raw statement: it must give exactly what
// Prisma's findUnique with the area gives, in every state, or the rules built on it would drift.

const actor = { id: null, label: "lock test" };
let t: TestDatabase;
let areas: Awaited<ReturnType<typeof createSite>>;

beforeAll(async () => {
  t = await createTestDatabase();
  areas = await createSite(t.db, { maxUsers: 10, maxExtranetUsers: 10 });
});
afterAll(async () => t.close());

it("returns what findUnique with the area returns, for an active and a blocked account", async () => {
  const active = await createAccount({ actor, source: "FORM", account: { ...person(areas.partners.id), displayName: "P" } }, t.db);
  const blocked = await createAccount({ actor, source: "DIRECTORY", account: { ...person(areas.intranet.id), externalId: "ext-1" } }, t.db);
  await blockAccount({ actor, accountId: blocked.id, reason: "DIRECTORY" }, t.db);
  for (const { id } of [active, blocked]) {
    const locked = await t.db.$transaction((tx) => lockAccount(tx, id));
    expect(locked).toEqual(await t.db.account.findUniqueOrThrow({ where: { id }, include: { area: true } }));
  }
});

it("says which account does not exist", async () => {
  const missing = "00000000-0000-4000-8000-000000000000";
  await expect(t.db.$transaction((tx) => lockAccount(tx, missing))).rejects.toBeInstanceOf(AccountNotFoundError);
});
