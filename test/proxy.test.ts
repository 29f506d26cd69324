import { NextRequest } from "next/server";
import { afterEach, expect, it } from "vitest";
import { proxy } from "../proxy";

// proxy.ts runs before every request: CSP nonces, HSTS, and refusals that Next would answer with a 500.

const saved = process.env.SEATKEEPER_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.SEATKEEPER_URL;
  else process.env.SEATKEEPER_URL = saved;
});

const request = (url: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) => new NextRequest(new URL(url), init);

it("gives every response a CSP with a fresh script nonce and no 'unsafe-inline' scripts", () => {
  const first = proxy(request("http://console.test/login")).headers.get("content-security-policy")!;
  const second = proxy(request("http://console.test/login")).headers.get("content-security-policy")!;
  expect(first).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(/script-src ([^;]*)/.exec(first)![1]).not.toContain("unsafe-inline");
  expect(first).not.toBe(second);
});

it("sends HSTS only when the console's public address is https", () => {
  delete process.env.SEATKEEPER_URL;
  expect(proxy(request("http://console.test/login")).headers.get("strict-transport-security")).toBeNull();
  process.env.SEATKEEPER_URL = "https://seats.example.com";
  expect(proxy(request("http://console.test/login")).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
});

it("refuses a browser post from another site with a 403, and lets clients without an Origin (SCIM) through", async () => {
  const foreign = proxy(
    request("http://console.test/login", { method: "POST", headers: { host: "console.test", origin: "https://evil.example" } }),
  );
  expect(foreign.status).toBe(403);
  expect(await foreign.text()).toMatch(/came from another site/);
  const sandboxed = proxy(request("http://console.test/login", { method: "POST", headers: { host: "console.test", origin: "null" } }));
  expect(sandboxed.status).toBe(403);
  const same = proxy(
    request("http://console.test/login", { method: "POST", headers: { host: "console.test", origin: "http://console.test" } }),
  );
  expect(same.status).toBe(200);
  const scim = proxy(
    request("http://console.test/scim/v2/Users", { method: "POST", headers: { host: "console.test", authorization: "Bearer x" } }),
  );
  expect(scim.status).toBe(200);
});

it("refuses a server-action post over 6 MB with a 413 and a sentence", async () => {
  const huge = proxy(
    request("http://console.test/admin/people/import", {
      method: "POST",
      headers: { host: "console.test", "next-action": "abc", "content-length": String(7 * 1024 * 1024) },
    }),
  );
  expect(huge.status).toBe(413);
  expect(await huge.text()).toMatch(/too large \(7 MB\): the console accepts at most 6 MB/);
});
