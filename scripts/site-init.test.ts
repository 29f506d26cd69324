import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from "../test/database";
import { verifySignIn } from "../lib/auth/credentials";
import { createPrismaClient, type Db } from "../lib/db/client";
import { generateVendorKeyPair, signLicense } from "../lib/license-file/license-document";
import { applyLicenseDocument } from "../lib/licensing";

// The first start of a real site, as its administrator runs it, on a database with nothing in it.
const run = promisify(execFile);
const vendor = generateVendorKeyPair();
let dir: string;

const license = (over: Record<string, unknown> = {}) =>
  signLicense(
    {
      licenseId: "ACME-1",
      licensee: "Acme",
      siteId: "acme",
      maxUsers: 50,
      maxExtranetUsers: 5,
      issuedAt: new Date().toISOString(),
      expiresAt: null,
      ...over,
    } as never,
    vendor.privateKeyPem,
  );

async function siteInit(url: string, licenseText: string, options: { args?: string[]; env?: Record<string, string> } = {}) {
  const file = path.join(dir, `license-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, licenseText);
  const args = options.args ?? ["--username", "admin", "--email", "admin@acme.test"];
  return run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/site-init.ts", "--license", file, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      SEATKEEPER_SITE_ID: "",
      SEATKEEPER_LICENSE_PUBLIC_KEY_FILE: path.join(dir, "vendor.pub.pem"),
      ...options.env,
    },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "site-init-"));
  await writeFile(path.join(dir, "vendor.pub.pem"), vendor.publicKeyPem);
});

describe("on an empty database", () => {
  let db: Db;
  let url: string;
  beforeAll(async () => {
    url = (await createEmptyDatabase()).url;
    db = createPrismaClient(url, { poolSize: 2 });
  });
  afterAll(async () => db.$disconnect());

  it("refuses bad administrator fields before writing anything", async () => {
    const result = await siteInit(url, license(), { args: ["--username", "admin", "--email", "not-an-email"] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/email: Enter a valid e-mail address/);
  });

  it("migrates, takes the license's site id, creates the first administrator with a one-time password", async () => {
    const result = await siteInit(url, license());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/applied migrations: \d+_init/);
    expect(result.stdout).toMatch(/license ACME-1 applied for site "acme" \(Max_Users 50, Max_extranet_users 5\)/);
    const password = /one-time password \(shown once; it must be changed at the first sign-in\): (\S+)/.exec(result.stdout)![1];
    expect(await db.license.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ siteId: "acme" });
    expect(await db.area.findMany({ select: { name: true, pool: true } })).toEqual([{ name: "Intranet", pool: "PRIMARY" }]);
    const account = await db.account.findUniqueOrThrow({ where: { username: "admin" } });
    expect(account).toMatchObject({ isSysadmin: true, isPeopleAdmin: true, state: "ACTIVE", mustChangePassword: true });
    expect(await verifySignIn({ username: "admin", password }, db)).toMatchObject({ ok: true });
  });

  it("from then on refuses a license for another site, and accepts a newer one for this site", async () => {
    const later = new Date(Date.now() + 1000).toISOString();
    const other = await applyLicenseDocument(
      {
        actor: { id: null, label: "t" },
        document: license({ licenseId: "OTHER-1", siteId: "other", issuedAt: later }),
        publicKeyPem: vendor.publicKeyPem,
        now: new Date(Date.now() + 2000),
      },
      db,
    ).catch((e) => e);
    expect(other.message).toMatch(/This license is for another site \("other"\); this site is "acme"/);
    await applyLicenseDocument(
      {
        actor: { id: null, label: "t" },
        document: license({ licenseId: "ACME-2", maxUsers: 60, issuedAt: later }),
        publicKeyPem: vendor.publicKeyPem,
        now: new Date(Date.now() + 2000),
      },
      db,
    );
    expect(await db.license.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ licenseId: "ACME-2", maxUsers: 60 });
  });

  it("refuses to run a second time", async () => {
    const result = await siteInit(url, license({ licenseId: "ACME-3" }), { args: ["--username", "second", "--email", "second@acme.test"] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/set up already \(sysadmin "admin"\)/);
    expect(await db.account.count()).toBe(1);
  });
});

describe("with SEATKEEPER_SITE_ID set", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.close());

  it("refuses a license for another site and writes nothing", async () => {
    const result = await siteInit(t.url, license({ licenseId: "X", siteId: "other" }), { env: { SEATKEEPER_SITE_ID: "acme" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/another site/);
    expect(await t.db.account.count()).toBe(0);
    expect(await t.db.license.count()).toBe(0);
    expect(await t.db.area.count()).toBe(0);
  });

  it("says what is missing from the command line, and when the license file cannot be read", async () => {
    const missing = await run(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/site-init.ts", "--username", "x"],
      { env: { ...process.env, DATABASE_URL: t.url } },
    ).catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage: npm run site:init/);
    const unreadable = await run(
      process.execPath,
      [
        path.resolve("node_modules/tsx/dist/cli.mjs"),
        "scripts/site-init.ts",
        "--license",
        "/nonexistent/license.json",
        "--username",
        "x",
        "--email",
        "x@example.test",
      ],
      { env: { ...process.env, DATABASE_URL: t.url } },
    ).catch((e) => e);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/cannot read the license file \/nonexistent\/license.json: no such file/);
  });
});
