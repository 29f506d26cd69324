import { afterEach, expect, it } from "vitest";
import { publicOrigin, withPublicOrigin } from "../lib/server/public-origin";

// Auth.js builds its redirects from the request's URL, which Next sets to "localhost": the console
// gives it the address the browser used (or SEATKEEPER_URL).

const saved = process.env.SEATKEEPER_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.SEATKEEPER_URL;
  else process.env.SEATKEEPER_URL = saved;
});

it("uses SEATKEEPER_URL when set, else the forwarded host and scheme the console's server set", () => {
  delete process.env.SEATKEEPER_URL;
  expect(
    publicOrigin(new Headers({ host: "localhost:3000", "x-forwarded-host": "seats.example.test:8443", "x-forwarded-proto": "https" })),
  ).toBe("https://seats.example.test:8443");
  expect(publicOrigin(new Headers({ host: "10.0.0.5:3000" }))).toBe("http://10.0.0.5:3000");
  expect(publicOrigin(new Headers({ host: "evil.example/path?x" }))).toBeNull();
  process.env.SEATKEEPER_URL = "https://seats.example.com/";
  expect(publicOrigin(new Headers({ host: "10.0.0.5:3000" }))).toBe("https://seats.example.com");
});

it("readdresses a request to the public origin, keeping path, query, method and body", async () => {
  delete process.env.SEATKEEPER_URL;
  const request = new Request("http://localhost:3000/api/auth/signout?x=1", {
    method: "POST",
    headers: { host: "console.test:3000", "content-type": "text/plain" },
    body: "csrfToken=abc",
  });
  const readdressed = withPublicOrigin(request);
  expect(readdressed.url).toBe("http://console.test:3000/api/auth/signout?x=1");
  expect(readdressed.method).toBe("POST");
  expect(await readdressed.text()).toBe("csrfToken=abc");
});
