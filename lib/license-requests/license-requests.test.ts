import http from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findFreePort } from "../db/embedded-postgres";
import { InvalidInputError } from "../licensing";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { deliverLicenseRequests } from "./deliver-license-requests";
import { raiseLicenseRequest } from "./raise-license-request";

// A request survives a failing vendor endpoint and is delivered once it answers: a real HTTP
// server on 127.0.0.1.

let t: TestDatabase;
let server: http.Server;
let port: number;
let answer = 503;
const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
const actor = { id: null, label: "peopleadmin" };
const input = {
  pool: "PRIMARY" as const,
  seats: 25,
  reason: "New office opens in March",
  contactName: "Pat",
  contactEmail: "PAT@example.test",
};

beforeAll(async () => {
  t = await createTestDatabase();
  await createSite(t.db, { maxUsers: 55, maxExtranetUsers: 10 });
  port = await findFreePort();
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (answer < 300) received.push({ headers: req.headers, body: JSON.parse(body) });
      res.writeHead(answer, { "content-type": "application/json" }).end(answer < 300 ? '{"ticket":"LR-1"}' : '{"error":"maintenance"}');
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
});
afterAll(async () => {
  delete process.env.LICENSE_REQUEST_URL;
  await new Promise((r) => server.close(r));
  await t.close();
});

it("keeps a request that cannot be sent anywhere yet", async () => {
  const request = await raiseLicenseRequest({ actor, input }, t.db);
  expect(request.deliveries).toEqual([]);
  expect(await t.db.licenseRequest.count()).toBe(1);
  expect(await t.db.auditEvent.count({ where: { action: "license.request" } })).toBe(1);
});

it("retries through a failing endpoint and delivers once it accepts, once", async () => {
  process.env.LICENSE_REQUEST_URL = `http://127.0.0.1:${port}/requests`;
  const request = await raiseLicenseRequest({ actor, input }, t.db);
  expect(request.deliveries.map((d) => [d.channel, d.state])).toEqual([["HTTP", "QUEUED"]]);

  const now = new Date();
  expect(await deliverLicenseRequests({ now, log: () => {} }, t.db)).toEqual({ sent: 0, failed: 1 });
  const failed = await t.db.licenseRequestDelivery.findFirstOrThrow({ where: { requestId: request.id } });
  expect(failed).toMatchObject({ state: "FAILED", attempts: 1 });
  expect(failed.lastError).toMatch(/503/);
  expect(received).toHaveLength(0);

  answer = 200;
  expect(await deliverLicenseRequests({ now, log: () => {} }, t.db)).toEqual({ sent: 0, failed: 0 }); // not due yet
  const later = new Date(failed.nextAttemptAt.getTime() + 1);
  expect(await deliverLicenseRequests({ now: later }, t.db)).toEqual({ sent: 1, failed: 0 });
  expect(await t.db.licenseRequestDelivery.findFirstOrThrow({ where: { requestId: request.id } })).toMatchObject({
    state: "SENT",
    attempts: 2,
    lastError: null,
  });
  expect(received).toHaveLength(1);
  expect(received[0].headers["idempotency-key"]).toBe(request.id);
  expect(received[0].body).toMatchObject({
    type: "seatkeeper.license-request",
    requestId: request.id,
    siteId: "test-site",
    pool: "primary",
    seats: 25,
    contact: { email: "pat@example.test" },
    currentUsage: { maxUsers: 55 },
  });
  expect(await deliverLicenseRequests({ now: later }, t.db)).toEqual({ sent: 0, failed: 0 });
  expect(await t.db.auditEvent.count({ where: { action: "license.request.delivery" } })).toBe(2);
});

it("refuses a malformed request with a reason per field", async () => {
  const error = await raiseLicenseRequest({ actor, input: { ...input, seats: 0, contactEmail: "nope" } }, t.db).catch((e) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(Object.keys(error.fieldErrors).sort()).toEqual(["contactEmail", "seats"]);
});
