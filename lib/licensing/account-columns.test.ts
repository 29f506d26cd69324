import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { accountColumnsSql } from "./account-columns";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

it("lists every column of Account, each once (a migration that adds one must add it here)", async () => {
  const table = await t.db.$queryRaw<{ name: string }[]>`
    SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'Account'`;
  const listed = [...accountColumnsSql("a").sql.matchAll(/a\."(\w+)"/g)].map((m) => m[1]);
  expect(listed.length).toBe(new Set(listed).size);
  expect([...listed].sort()).toEqual(table.map((c) => c.name).sort());
});
