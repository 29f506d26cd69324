import "server-only";
import { randomUUID } from "node:crypto";
import { db as defaultDb, type Db } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { AccountSource, Pool } from "../generated/prisma/enums";
import type { Actor } from "./actor";
import { createAccount } from "./create-account";
import { DuplicateAccountError, LicensingError } from "./errors";
import { notePoolLevel } from "./pool-notifications";
import { newAccountSchema, type NewAccountInput } from "./schemas";
import { lockPools } from "./seats";
import { parseInput } from "./validate";

export type DirectoryAccountOutcome =
  { ok: true; id: string; username: string; waiting: boolean } | { ok: false; username: string; error: LicensingError };

/**
 * Creates a batch of directory accounts (an LDAP sync's newcomers) the way createAccount with
 * whenFull "wait" creates each one, in one transaction: under both pool rows' locks, the free
 * seats go to the batch in its order and the rest wait for a seat (spec rule 4), their waiting
 * times one millisecond apart in that order, so "oldest first" keeps the directory's order. One
 * audit event per account, as createAccount writes it. An account that clashes (user name, e-mail
 * address or id taken) is refused alone; if the batch meets a concurrent insert, it falls back to
 * creating its accounts one by one.
 */
export async function createDirectoryAccounts(
  options: { actor: Actor; source: AccountSource; accounts: NewAccountInput[] },
  client: Db = defaultDb(),
): Promise<DirectoryAccountOutcome[]> {
  const outcomes = new Map<number, DirectoryAccountOutcome>();
  const valid: { index: number; account: ReturnType<typeof newAccountSchema.parse> }[] = [];
  options.accounts.forEach((input, index) => {
    try {
      valid.push({ index, account: parseInput(newAccountSchema, input) });
    } catch (error) {
      if (!(error instanceof LicensingError)) throw error;
      outcomes.set(index, { ok: false, username: String(input.username), error });
    }
  });
  try {
    await client.$transaction(
      async (tx) => {
        await lockPools(tx);
        const taken = async (field: "username" | "email" | "externalId", values: string[]) =>
          new Set(
            (await tx.account.findMany({ where: { [field]: { in: values } }, select: { [field]: true } })).map(
              (r) => (r as unknown as Record<string, string>)[field],
            ),
          );
        const usernames = await taken(
          "username",
          valid.map((v) => v.account.username),
        );
        const emails = await taken(
          "email",
          valid.map((v) => v.account.email),
        );
        const ids = await taken(
          "externalId",
          valid.flatMap((v) => (v.account.externalId ? [v.account.externalId] : [])),
        );
        const areas = new Map((await tx.area.findMany({ select: { id: true, name: true, pool: true } })).map((a) => [a.id, a]));
        const pools = new Map((await tx.seatPool.findMany()).map((p) => [p.pool, p]));
        const free = new Map<Pool, number>([...pools.values()].map((p) => [p.pool, Math.max(0, p.seatLimit - p.activeCount)]));
        const activated = new Map<Pool, number>();
        const now = Date.now();
        const rows: Prisma.AccountCreateManyInput[] = [];
        const events: Prisma.AuditEventCreateManyInput[] = [];
        for (const { index, account } of valid) {
          const area = areas.get(account.areaId);
          const clash = usernames.has(account.username)
            ? new DuplicateAccountError("username", account.username)
            : emails.has(account.email)
              ? new DuplicateAccountError("email", account.email)
              : account.externalId && ids.has(account.externalId)
                ? new DuplicateAccountError("externalId", account.externalId)
                : null;
          if (!area || clash) {
            outcomes.set(index, {
              ok: false,
              username: account.username,
              error: clash ?? new DuplicateAccountError("username", account.username),
            });
            continue;
          }
          usernames.add(account.username);
          emails.add(account.email);
          if (account.externalId) ids.add(account.externalId);
          const active = (free.get(area.pool) ?? 0) > 0;
          if (active) {
            free.set(area.pool, free.get(area.pool)! - 1);
            activated.set(area.pool, (activated.get(area.pool) ?? 0) + 1);
          }
          const at = new Date(now + rows.length);
          const id = randomUUID();
          rows.push({
            id,
            username: account.username,
            email: account.email,
            givenName: account.givenName,
            familyName: account.familyName,
            areaId: area.id,
            state: active ? "ACTIVE" : "BLOCKED",
            blockedReason: active ? null : "NO_SEAT",
            blockedAt: active ? null : at,
            waitingSince: active ? null : at,
            source: options.source,
            externalId: account.externalId ?? null,
          });
          events.push({
            actorId: options.actor.id,
            actorLabel: options.actor.label,
            action: "account.create",
            outcome: "SUCCESS",
            accountId: id,
            accountLabel: account.username,
            pool: area.pool,
            after: {
              username: account.username,
              state: active ? "ACTIVE" : "BLOCKED",
              blockedReason: active ? null : "NO_SEAT",
              area: area.name,
              pool: area.pool,
              source: options.source,
            },
            detail: active ? null : "No free seat: created blocked, waiting for a seat.",
          });
          outcomes.set(index, { ok: true, id, username: account.username, waiting: !active });
        }
        for (const [pool, n] of activated) {
          const updated = await tx.seatPool.update({ where: { pool }, data: { activeCount: { increment: n } } });
          await notePoolLevel(tx, updated);
        }
        if (rows.length) await tx.account.createMany({ data: rows });
        if (events.length) await tx.auditEvent.createMany({ data: events });
      },
      { timeout: 120_000 },
    );
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    // A concurrent insert took a name this batch wanted: one by one, each refused or created alone.
    for (const { index, account } of valid) {
      try {
        const created = await createAccount({ actor: options.actor, source: options.source, whenFull: "wait", account }, client);
        outcomes.set(index, { ok: true, id: created.id, username: created.username, waiting: created.state === "BLOCKED" });
      } catch (inner) {
        if (!(inner instanceof LicensingError)) throw inner;
        outcomes.set(index, { ok: false, username: account.username, error: inner });
      }
    }
  }
  return options.accounts.map((_, index) => outcomes.get(index)!);
}
