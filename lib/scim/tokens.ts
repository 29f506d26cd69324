import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "../licensing/actor";
import { recordAuditEvent } from "../licensing/audit";
import { parseInput } from "../licensing/validate";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export const scimTokenNameSchema = z.string().trim().min(1, "Name the token (e.g. Okta).").max(100, "At most 100 characters.");

/** Makes a bearer token for a directory. The token is returned once; only its hash is kept. */
export async function createScimToken(options: { actor: Actor; name: string }, client: Db = defaultDb()) {
  const name = parseInput(scimTokenNameSchema, options.name);
  const token = `skt_${randomBytes(32).toString("base64url")}`;
  const row = await client.$transaction(async (tx) => {
    const created = await tx.scimToken.create({
      data: { name, tokenHash: hash(token), prefix: token.slice(0, 10), createdBy: options.actor.label },
    });
    await recordAuditEvent(tx, { actor: options.actor, action: "scim.token", after: { created: name, prefix: created.prefix } });
    return created;
  });
  return { token, id: row.id, name: row.name, prefix: row.prefix };
}

export async function revokeScimToken(options: { actor: Actor; id: string }, client: Db = defaultDb()) {
  const id = parseInput(z.uuid("Unknown token."), options.id);
  const result = await client.$transaction(async (tx) => {
    const revoked = await tx.scimToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count) await recordAuditEvent(tx, { actor: options.actor, action: "scim.token", after: { revoked: id } });
    return revoked.count > 0;
  });
  // Other processes stop accepting it when their cached entry expires (TOKEN_CACHE_MS).
  clearScimTokenCache();
  return result;
}

/**
 * How long a process trusts a token it has looked up :
 * a directory sends bursts of requests, and the lookup was one query each. A revoked token
 * therefore keeps working for at most this long in a process that saw it just before.
 */
export const TOKEN_CACHE_MS = 5_000;

type CachedToken = { token: { id: string; name: string }; until: number; client: Db };
const tokenCache = new Map<string, CachedToken>();

/** Bumped by every clear: a lookup that began before it does not refill the cache. */
let cacheGeneration = 0;

/** Forgets every cached token (a revocation in this process; tests). */
export function clearScimTokenCache(): void {
  tokenCache.clear();
  tokenLookups.clear();
  cacheGeneration++;
}

type TokenLookup = { client: Db; promise: Promise<{ id: string; name: string } | null> };
/**
 * Lookups in flight, by token hash: a directory's burst after a quiet spell (the cached entry
 * expired) sends hundreds of requests at once, and they wait for one lookup instead of each
 * making its own (and its own lastUsedAt write).
 */
const tokenLookups = new Map<string, TokenLookup>();

/** The token behind an Authorization header, if it is known and not revoked. */
export async function authenticateScimToken(authorization: string | null, client: Db = defaultDb()) {
  const match = authorization?.match(/^Bearer\s+(\S{1,200})\s*$/i);
  if (!match) return null;
  const tokenHash = hash(match[1]);
  const cached = tokenCache.get(tokenHash);
  // Keyed by hash and by database client, so tests on several databases never share an entry.
  if (cached && cached.until > Date.now() && cached.client === client) return cached.token;
  const pending = tokenLookups.get(tokenHash);
  if (pending && pending.client === client) return pending.promise;
  const lookup: TokenLookup = { client, promise: lookUpToken(tokenHash, client) };
  tokenLookups.set(tokenHash, lookup);
  try {
    return await lookup.promise;
  } finally {
    if (tokenLookups.get(tokenHash) === lookup) tokenLookups.delete(tokenHash);
  }
}

async function lookUpToken(tokenHash: string, client: Db): Promise<{ id: string; name: string } | null> {
  const now = Date.now();
  const generation = cacheGeneration;
  const token = await client.scimToken.findUnique({ where: { tokenHash } });
  if (!token || token.revokedAt) {
    tokenCache.delete(tokenHash);
    return null;
  }
  // Last-used is for the admin screen: a minute's precision is enough and spares a write per call.
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > 60_000) {
    await client.scimToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
  }
  if (generation !== cacheGeneration) return { id: token.id, name: token.name }; // cleared meanwhile: answer, keep nothing
  if (tokenCache.size > 1000) tokenCache.clear(); // a handful of directories, never a flood of keys
  tokenCache.set(tokenHash, { token: { id: token.id, name: token.name }, until: now + TOKEN_CACHE_MS, client });
  return { id: token.id, name: token.name };
}

/** Every token, newest first, for Admin › System › Directory sync (the hash never leaves lib). */
export async function listScimTokens(client: Db = defaultDb()) {
  return client.scimToken.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, createdBy: true, lastUsedAt: true, revokedAt: true },
  });
}
