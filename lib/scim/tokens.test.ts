import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database";
import { authenticateScimToken, clearScimTokenCache, createScimToken, revokeScimToken, TOKEN_CACHE_MS } from "./tokens";

// A token is trusted for TOKEN_CACHE_MS per process: a revocation made elsewhere (another app
// process, here raw SQL) takes effect within that time; one made in this process at once.

const admin = { id: null, label: "admin" };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
  clearScimTokenCache();
});

it("looks a token up once per cache period, and a revocation elsewhere ends it within that period", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  const { token, id } = await createScimToken({ actor: admin, name: "Okta" }, t.db);
  const header = `Bearer ${token}`;
  expect(await authenticateScimToken(header, t.db)).toEqual({ id, name: "Okta" });
  // Revoked by another process: this one does not see it until its cached entry expires.
  await t.db.scimToken.update({ where: { id }, data: { revokedAt: new Date() } });
  expect(await authenticateScimToken(header, t.db)).toEqual({ id, name: "Okta" });
  vi.setSystemTime(Date.now() + TOKEN_CACHE_MS + 1);
  expect(await authenticateScimToken(header, t.db)).toBeNull();
  expect(await authenticateScimToken(header, t.db)).toBeNull();
});

it("stops a token revoked in this process at once", async () => {
  const { token, id } = await createScimToken({ actor: admin, name: "Entra" }, t.db);
  expect(await authenticateScimToken(`Bearer ${token}`, t.db)).not.toBeNull();
  expect(await revokeScimToken({ actor: admin, id }, t.db)).toBe(true);
  expect(await authenticateScimToken(`Bearer ${token}`, t.db)).toBeNull();
});

it("never caches an unknown token", async () => {
  expect(await authenticateScimToken("Bearer skt_unknown", t.db)).toBeNull();
  const { token } = await createScimToken({ actor: admin, name: "Later" }, t.db);
  expect(await authenticateScimToken(`Bearer ${token}`, t.db)).not.toBeNull();
});

it("makes one lookup for a burst of requests that all miss the cache", async () => {
  const { token, id } = await createScimToken({ actor: admin, name: "Burst" }, t.db);
  const findUnique = vi.spyOn(t.db.scimToken, "findUnique");
  const update = vi.spyOn(t.db.scimToken, "update");
  try {
    const answers = await Promise.all(Array.from({ length: 50 }, () => authenticateScimToken(`Bearer ${token}`, t.db)));
    expect(answers).toEqual(Array(50).fill({ id, name: "Burst" }));
    expect(findUnique).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(1); // lastUsedAt, once
    // A wrong token in the same burst is looked up on its own and refused.
    expect(await Promise.all([authenticateScimToken("Bearer skt_nope", t.db), authenticateScimToken(`Bearer ${token}`, t.db)])).toEqual([
      null,
      { id, name: "Burst" },
    ]);
  } finally {
    findUnique.mockRestore();
    update.mockRestore();
  }
});
