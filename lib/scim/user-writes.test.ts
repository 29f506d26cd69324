import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, setSeatLimits, type TestDatabase } from "../../test/database";
import { seatCountersAgainstRealCounts } from "../../test/reconcile";
import { handleScimRequest } from "./handle-request";
import { createScimToken } from "./tokens";

// SCIM writes do only what changes something: a PATCH that changes nothing writes nothing, a
// PATCH of names touches neither the seat nor the sync run's activation, and what a write
// answers (built from the rows it wrote, not read again) is what a later GET shows.

let t: TestDatabase;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await createSite(t.db, { maxUsers: 10, maxExtranetUsers: 10 });
  token = (await createScimToken({ actor: { id: null, label: "admin" }, name: "Okta" }, t.db)).token;
});
afterAll(async () => t.close());

async function scim(method: string, path: string, body?: unknown) {
  const url = new URL(`http://127.0.0.1/scim/v2/${path}`);
  const response = await handleScimRequest(
    {
      method,
      segments: path.split("/"),
      url,
      headers: new Headers({ authorization: `Bearer ${token}`, "content-type": "application/scim+json" }),
      body: body === undefined ? null : JSON.stringify(body),
    },
    t.db,
  );
  return { status: response.status, body: JSON.parse((await response.text()) || "null") };
}

const patch = (value: Record<string, unknown>) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations: [{ op: "replace", value }],
});

it("answers a create and a PATCH with what a later GET shows, and writes nothing for a PATCH that changes nothing", async () => {
  const created = await scim("POST", "Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "jane@example.com",
    name: { givenName: "Jane", familyName: "Doe" },
    externalId: "okta-jane",
  });
  expect(created.status).toBe(201);
  expect((await scim("GET", `Users/${created.body.id}`)).body).toEqual(created.body);

  const events = await t.db.auditEvent.count();
  const row = await t.db.account.findUniqueOrThrow({ where: { id: created.body.id } });
  const same = await scim("PATCH", `Users/${created.body.id}`, patch({ active: true, "name.givenName": "Jane" }));
  expect(same.status).toBe(200);
  expect(same.body).toEqual(created.body);
  expect(await t.db.auditEvent.count()).toBe(events);
  expect((await t.db.account.findUniqueOrThrow({ where: { id: created.body.id } })).updatedAt).toEqual(row.updatedAt);

  const renamed = await scim("PATCH", `Users/${created.body.id}`, patch({ displayName: "J. Doe", "name.givenName": "Janet" }));
  expect(renamed.body).toMatchObject({ displayName: "J. Doe", name: { givenName: "Janet" }, active: true });
  expect((await scim("GET", `Users/${created.body.id}`)).body).toEqual(renamed.body);
  expect(await t.db.auditEvent.findMany({ where: { id: { gt: 0 } }, orderBy: { id: "desc" }, take: 1, select: { action: true } })).toEqual([
    { action: "account.update" },
  ]);
  expect(await t.db.auditEvent.count()).toBe(events + 1);
});

it("answers a deactivation and a re-activation with the state it wrote", async () => {
  const created = await scim("POST", "Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: "max@example.com",
    name: { givenName: "Max", familyName: "Muster" },
  });
  const off = await scim("PATCH", `Users/${created.body.id}`, patch({ active: false }));
  expect(off.body.active).toBe(false);
  expect((await scim("GET", `Users/${created.body.id}`)).body).toEqual(off.body);
  const on = await scim("PATCH", `Users/${created.body.id}`, patch({ active: true }));
  expect(on.body.active).toBe(true);
  expect((await scim("GET", `Users/${created.body.id}`)).body).toEqual(on.body);
});

it("gives a waiting user a seat freed while its re-activation waited for its row (the sync run after it)", async () => {
  const user = (name: string) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    userName: `${name}@example.com`,
    name: { givenName: name, familyName: "Race" },
    active: true,
  });
  const leaving = await scim("POST", "Users", user("leaving"));
  const used = (await t.db.seatPool.findUniqueOrThrow({ where: { pool: "PRIMARY" } })).activeCount;
  await setSeatLimits(t.db, used, 10);
  const waiting = await scim("POST", "Users", user("waiting"));
  expect(waiting.body.active).toBe(false); // no seat: it waits
  // Another change holds the waiting account's row while it frees a seat (as a block would).
  const freeing = t.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${waiting.body.id}::uuid FOR UPDATE`;
    await new Promise((r) => setTimeout(r, 300));
    await tx.$executeRaw`UPDATE "Account" SET state = 'BLOCKED', "blockedReason" = 'ADMIN', "blockedAt" = now() WHERE id = ${leaving.body.id}::uuid`;
    await tx.$executeRaw`UPDATE "SeatPool" SET "activeCount" = "activeCount" - 1 WHERE pool = 'PRIMARY'`;
  });
  await new Promise((r) => setTimeout(r, 50));
  const patched = await scim("PATCH", `Users/${waiting.body.id}`, patch({ active: true }));
  await freeing;
  expect(patched.status).toBe(200);
  expect(patched.body.active).toBe(true);
  expect(await t.db.account.findUniqueOrThrow({ where: { id: waiting.body.id }, select: { state: true } })).toEqual({ state: "ACTIVE" });
  expect((await seatCountersAgainstRealCounts(t.db)).filter((r) => r.counter !== r.real)).toEqual([]);
});
