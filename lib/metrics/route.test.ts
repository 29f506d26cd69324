import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSite, createTestDatabase, type TestDatabase } from "../../test/database";
import { parsePrometheusText, valueOf } from "./parse-text";

// The route handlers as Next calls them: the default client (DATABASE_URL) and METRICS_TOKEN.

const TOKEN = "metrics-test-token-0123456789abcdef";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createSite(t.db, { maxUsers: 4, maxExtranetUsers: 2 });
  process.env.DATABASE_URL = t.url; // before anything calls db()
});
afterEach(() => {
  delete process.env.METRICS_TOKEN;
});
afterAll(async () => {
  const { db } = await import("../db/client");
  await db().$disconnect();
  await t.close();
});

const get = async (authorization?: string) => {
  const { GET } = await import("../../app/metrics/route");
  return GET(new Request("http://console.test/metrics", { headers: authorization ? { authorization } : {} }));
};

describe("GET /metrics", () => {
  it("does not exist while METRICS_TOKEN is unset (404), even with a token", async () => {
    delete process.env.METRICS_TOKEN;
    expect((await get()).status).toBe(404);
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = "";
    expect((await get("Bearer ")).status).toBe(404);
  });

  it("refuses a missing, wrong or differently sent token (401)", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      const response = await get(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(await response.text()).not.toContain("seatkeeper_");
    }
  });

  it("answers the Prometheus text format with the bearer token, not cached", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const { dynamic } = await import("../../app/metrics/route");
    expect(dynamic).toBe("force-dynamic");
    const response = await get(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const samples = parsePrometheusText(await response.text());
    expect(valueOf(samples, "seatkeeper_seats_limit", { pool: "primary" })).toBe(4);
    expect(valueOf(samples, "seatkeeper_seats_limit", { pool: "extranet" })).toBe(2);
    expect(valueOf(samples, "seatkeeper_database_up")).toBe(1);
  });
});

describe("the SCIM route", () => {
  it("counts its responses by status in seatkeeper_scim_requests_total", async () => {
    const { registry } = await import("./registry");
    const scimCount = async (status: string) =>
      valueOf(parsePrometheusText(await registry.metrics()), "seatkeeper_scim_requests_total", { status }) ?? 0;
    const before = await scimCount("401");
    const { GET } = await import("../../app/scim/v2/[[...path]]/route");
    const response = await GET(new Request("http://console.test/scim/v2/Users"), { params: Promise.resolve({ path: ["Users"] }) });
    expect(response.status).toBe(401);
    expect(await scimCount("401")).toBe(before + 1);
  });
});
