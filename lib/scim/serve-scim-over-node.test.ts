import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { CORE_USER, PATCH_OP } from "../../test/scim-client";
import { MAX_BODY_BYTES } from "./handle-request";
import { SCIM_PATH } from "./node-handoff";
import { serveScimOverNode } from "./serve-scim-over-node";
import { createScimToken } from "./tokens";

// The console's own server answers /scim/v2 through this adapter (not Next's route): these
// requests go over real HTTP to a plain Node server that uses it, as scripts/commands/serve.ts does.

let t: TestDatabase;
let server: http.Server;
let base: string;
let token: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await createSite(t.db, { maxUsers: 10, maxExtranetUsers: 0 });
  token = (await createScimToken({ actor: { id: null, label: "admin" }, name: "Okta" }, t.db)).token;
  server = http.createServer((req, res) => void serveScimOverNode(req, res, t.db));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

it("takes exactly the SCIM paths", () => {
  for (const path of ["/scim/v2", "/scim/v2/", "/scim/v2/Users", "/scim/v2/Users/1?attributes=id", "/scim/v2?x=1"]) {
    expect(SCIM_PATH.test(path), path).toBe(true);
  }
  for (const path of ["/scim", "/scim/v20/Users", "/scim/v2x", "/admin/scim/v2/Users", "/api/scim/v2"]) {
    expect(SCIM_PATH.test(path), path).toBe(false);
  }
});

it("creates, reads, patches and deletes a user over HTTP, with the route's status codes and headers", async () => {
  const created = await call("POST", "/scim/v2/Users", {
    schemas: [CORE_USER],
    userName: "node.user@example.com",
    name: { givenName: "Node", familyName: "User" },
  });
  expect(created.status).toBe(201);
  expect(created.headers.get("content-type")).toBe("application/scim+json");
  expect(created.headers.get("x-content-type-options")).toBe("nosniff");
  expect(created.headers.get("x-frame-options")).toBe("DENY");
  expect(created.headers.get("content-encoding")).toBeNull(); // one user: not worth compressing
  const text = await created.text();
  expect(created.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
  const user = JSON.parse(text);
  expect(user).toMatchObject({ userName: "node.user@example.com", active: true });
  expect(created.headers.get("location")).toBe(`${base}/scim/v2/Users/${user.id}`);
  expect(created.headers.get("etag")).toBe(user.meta.version);

  const read = await call("GET", `/scim/v2/Users/${user.id}?attributes=userName`);
  expect(read.status).toBe(200);
  expect(await read.json()).toMatchObject({ id: user.id, userName: "node.user@example.com" });
  const head = await call("HEAD", `/scim/v2/Users/${user.id}`);
  expect(head.status).toBe(200);
  expect(await head.text()).toBe("");

  const patched = await call("PATCH", `/scim/v2/Users/${user.id}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
  expect(patched.status).toBe(200);
  expect(await patched.json()).toMatchObject({ active: false });
  expect((await t.db.account.findUniqueOrThrow({ where: { id: user.id } })).state).toBe("BLOCKED");

  const deleted = await call("DELETE", `/scim/v2/Users/${user.id}`);
  expect(deleted.status).toBe(204);
  expect(await deleted.text()).toBe("");
  expect(await t.db.account.findUnique({ where: { id: user.id } })).toBeNull();
  expect((await call("GET", `/scim/v2/Users/${user.id}`)).status).toBe(404);
});

it("answers bad requests with a SCIM error, never a 500", async () => {
  const expectError = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/scim+json");
    expect(await response.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status) });
  };
  await expectError(await call("GET", "/scim/v2/Users", undefined, { authorization: "Bearer wrong" }), 401);
  await expectError(await call("GET", "/scim/v2/Users/%E0%A4%A"), 400);
  await expectError(await call("POST", "/scim/v2/Users", "{not json"), 400);
  await expectError(await call("POST", "/scim/v2/Users", { schemas: [CORE_USER], userName: "x".repeat(MAX_BODY_BYTES) }), 413);
  await expectError(await call("POST", "/scim/v2/Users", "userName=x", { "content-type": "application/x-www-form-urlencoded" }), 415);
  await expectError(await call("GET", "/scim/v2/Nothing"), 404);
  await expectError(await call("PUT", "/scim/v2/Users"), 405);
  // Still answering after all of that, on the same keep-alive connections.
  expect((await call("GET", "/scim/v2/ServiceProviderConfig")).status).toBe(200);
});

/** A request over a raw socket-level client, for what fetch will not send. */
function rawCall(options: http.RequestOptions, body?: (request: http.ClientRequest) => void) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: new URL(base).port, ...options }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () =>
        resolve({ status: response.statusCode!, headers: response.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    request.on("error", reject);
    if (body) body(request);
    else request.end();
  });
}

it("answers HEAD like GET without a body, as the Next route does", async () => {
  const get = await call("GET", "/scim/v2/ServiceProviderConfig");
  const head = await call("HEAD", "/scim/v2/ServiceProviderConfig");
  expect(head.status).toBe(get.status);
  expect(head.headers.get("content-type")).toBe(get.headers.get("content-type"));
  expect(await head.text()).toBe("");
});

it("closes the connection after refusing a chunked body that is too large, and the next call still works", async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const big = await rawCall(
    {
      method: "POST",
      path: "/scim/v2/Users",
      agent,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    },
    (request) => {
      // No content-length: chunked, so the size is only known while reading.
      request.write(`{"schemas":["${CORE_USER}"],"userName":"`);
      request.write("x".repeat(MAX_BODY_BYTES));
      request.end(`"}`);
    },
  );
  expect(big.status).toBe(413);
  expect(big.headers.connection).toBe("close");
  const next = await rawCall({
    method: "GET",
    path: "/scim/v2/ServiceProviderConfig",
    agent,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(next.status).toBe(200);
  agent.destroy();
});

it("refuses a request whose Host is missing or not a host name, with a SCIM 400", async () => {
  // Node's server itself refuses an HTTP/1.1 request without a Host.
  expect(
    (await rawCall({ method: "GET", path: "/scim/v2/Users", setHost: false, headers: { authorization: `Bearer ${token}` } })).status,
  ).toBe(400);
  for (const headers of [{ host: "evil.example/path" }, { host: "ok.example", "x-forwarded-host": "a b" }]) {
    const reply = await rawCall({
      method: "GET",
      path: "/scim/v2/Users",
      setHost: false,
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    expect(reply.status, JSON.stringify(headers)).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ status: "400" });
  }
  // The address a directory used is the one its links point at.
  const reply = await rawCall({
    method: "GET",
    path: "/scim/v2/ServiceProviderConfig",
    setHost: false,
    headers: { authorization: `Bearer ${token}`, host: "scim.example:8443" },
  });
  expect(JSON.parse(reply.text).meta.location).toBe("http://scim.example:8443/scim/v2/ServiceProviderConfig");
});

it("compresses a large reply (a list) for a client that accepts gzip", async () => {
  for (let i = 0; i < 30; i++) {
    const r = await call("POST", "/scim/v2/Users", {
      schemas: [CORE_USER],
      userName: `list${i}@example.com`,
      name: { givenName: "L", familyName: `${i}` },
      active: false,
    });
    expect(r.status).toBe(201);
  }
  const plain = await rawCall({ method: "GET", path: "/scim/v2/Users?count=50", headers: { authorization: `Bearer ${token}` } });
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(JSON.parse(plain.text).Resources.length).toBeGreaterThanOrEqual(30);
  const zipped = await call("GET", "/scim/v2/Users?count=50", undefined, { "accept-encoding": "gzip" });
  expect(zipped.headers.get("content-encoding")).toBe("gzip");
  expect(await zipped.json()).toEqual(JSON.parse(plain.text)); // fetch unzips it
});
