import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, SECRETS_FILE } from "./helpers";

// After every other spec: the consoles' logs, as a log shipper would read them. Each line is JSON;
// request lines carry a request id; and no secret the run used (passwords, one-time passwords,
// session and device cookies, SCIM tokens, set-password links, license signatures) is in them.

const logFiles = (process.env.E2E_LOG_FILES ?? "").split(",").filter(Boolean);

test("the logs are JSON with request ids, and hold none of the run's secrets", () => {
  expect(logFiles.length).toBeGreaterThan(0);
  // The demo password is public (the README and the start banner give it): the rest are secrets.
  const secrets = existsSync(SECRETS_FILE)
    ? [...new Set(readFileSync(SECRETS_FILE, "utf8").split("\n"))].filter((s) => s.length >= 8 && s !== DEMO_PASSWORD)
    : [];
  expect(secrets.length).toBeGreaterThan(10);
  for (const file of logFiles) {
    const text = readFileSync(file, "utf8");
    const requests = text
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { msg?: string; requestId?: string; path?: string })
      .filter((entry) => entry.msg === "request");
    expect(requests.length, file).toBeGreaterThan(20);
    expect(
      requests.every((entry) => typeof entry.requestId === "string" && entry.requestId.length > 0),
      file,
    ).toBe(true);
    expect(requests.some((entry) => entry.path === "/set-password/[token]") || !file.includes("real"), file).toBe(true);
    const leaked = secrets.filter((secret) => text.includes(secret));
    expect(
      leaked.map((s) => `${s.slice(0, 4)}… (${s.length} characters)`),
      file,
    ).toEqual([]);
  }
});
