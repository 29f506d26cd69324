import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type Db } from "../lib/db/client";
import { applyLicense, SEED_ACTOR } from "../lib/licensing";

export type TestDatabase = {
  url: string;
  name: string;
  db: Db;
  /** Another client with its own connection pool, as a second app process would have. */
  newClient: (poolSize?: number) => Db;
  close: () => Promise<void>;
};

/** A fresh, migrated database for one test file (cloned from the template the global setup made). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("pgServerUrl");
  const name = `t_${randomUUID().replace(/-/g, "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE seatkeeper_template`);
  } finally {
    await admin.end();
  }
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const clients: Db[] = [];
  const newClient = (poolSize?: number) => {
    const client = createPrismaClient(url, { poolSize });
    clients.push(client);
    return client;
  };
  const db = newClient();
  return {
    url,
    name,
    db,
    newClient,
    close: async () => {
      await Promise.all(clients.map((c) => c.$disconnect()));
    },
  };
}

/** A database with nothing in it, not even the migrations (a real site's first start). */
export async function createEmptyDatabase(): Promise<{ url: string; name: string }> {
  const serverUrl = inject("pgServerUrl");
  const name = `e_${randomUUID().replace(/-/g, "")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return { url: serverUrl.replace(/\/postgres$/, `/${name}`), name };
}

/** A site with a license, a primary area and two extranet areas. */
export async function createSite(db: Db, limits: { maxUsers: number; maxExtranetUsers: number }) {
  await applyLicense(
    {
      actor: SEED_ACTOR,
      terms: {
        siteId: "test-site",
        licenseId: `LIC-${randomUUID().slice(0, 8)}`,
        licensee: "Test Ltd",
        issuedAt: new Date("2026-01-01"),
        expiresAt: null,
        ...limits,
      },
    },
    db,
  );
  const intranet = await db.area.create({ data: { name: "Intranet", nameKey: "intranet", pool: "PRIMARY" } });
  const partners = await db.area.create({ data: { name: "Partners", nameKey: "partners", pool: "EXTRANET" } });
  const suppliers = await db.area.create({ data: { name: "Suppliers", nameKey: "suppliers", pool: "EXTRANET" } });
  return { intranet, partners, suppliers };
}

/** Applies a license with these seat limits (a test's way of making a pool full or freeing seats). */
export async function setSeatLimits(db: Db, maxUsers: number, maxExtranetUsers: number) {
  await applyLicense(
    { actor: SEED_ACTOR, terms: { siteId: "test-site", licenseId: "L", licensee: "T", issuedAt: new Date(), maxUsers, maxExtranetUsers } },
    db,
  );
}

let counter = 0;
/** Distinct, valid account fields for tests. */
export function person(areaId: string, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const n = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return {
    username: `user${n}`,
    email: `user${n}@example.test`,
    givenName: "Test",
    familyName: `Person ${counter}`,
    areaId,
    ...overrides,
  };
}
