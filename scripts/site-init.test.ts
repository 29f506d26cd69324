import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database";
import { verifySignIn } from "../lib/auth/credentials";
import { generateVendorKeyPair, signLicense } from "../lib/license-file/license-document";

// The first start of a real site, as its administrator runs it.
const run = promisify(execFile);
let t: TestDatabase;
let dir: string;
const vendor = generateVendorKeyPair();

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "site-init-"));
  await writeFile(path.join(dir, "vendor.pub.pem"), vendor.publicKeyPem);
});
afterAll(async () => t.close());

async function siteInit(licenseText: string) {
  await writeFile(path.join(dir, "license.json"), licenseText);
  return run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/site-init.ts", "--license", path.join(dir, "license.json"), "--username", "admin", "--email", "admin@example.test"], {
    env: { ...process.env, DATABASE_URL: t.url, SEATKEEPER_SITE_ID: "acme", SEATKEEPER_LICENSE_PUBLIC_KEY_FILE: path.join(dir, "vendor.pub.pem") },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}

it("refuses a license for another site and writes nothing", async () => {
  const result = await siteInit(signLicense({ licenseId: "X", licensee: "Other", siteId: "other", maxUsers: 5, maxExtranetUsers: 0, issuedAt: new Date().toISOString(), expiresAt: null }, vendor.privateKeyPem));
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/another site/);
  expect(await t.db.account.count()).toBe(0);
  expect(await t.db.license.count()).toBe(0);
});

it("applies the license and creates the first administrator, who can sign in", async () => {
  const result = await siteInit(signLicense({ licenseId: "ACME-1", licensee: "Acme", siteId: "acme", maxUsers: 50, maxExtranetUsers: 5, issuedAt: new Date().toISOString(), expiresAt: null }, vendor.privateKeyPem));
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/License ACME-1 applied \(Max_Users 50, Max_extranet_users 5\)/);
  const password = /Password \(shown once.*\): (\S+)/.exec(result.stdout)![1];
  const account = await t.db.account.findUniqueOrThrow({ where: { username: "admin" } });
  expect(account).toMatchObject({ isSysadmin: true, isPeopleAdmin: true, state: "ACTIVE" });
  expect(await verifySignIn({ username: "admin", password }, t.db)).toMatchObject({ ok: true });
});
