import "server-only";
import { randomUUID } from "node:crypto";
import { db as defaultDb, type Db } from "../db/client";
import type { Account, Area } from "../generated/prisma/client";
import type { AccountSource, Pool } from "../generated/prisma/enums";
import { hashPassword } from "../auth/password";
import type { Actor } from "./actor";
import { recordAuditEvent } from "./audit";
import { passwordProblem } from "../accounts/password-policy";
import { AreaNotFoundError, DuplicateAccountError, InvalidInputError, SeatLimitError } from "./errors";
import { noteTakenSeatLevel, SEAT_CTE_RETURNING, TAKEN_SEAT_COLUMNS, takenSeatOf, type TakenSeatColumns } from "./taken-seat";
import { newAccountSchema, type NewAccountInput, type NewAccount } from "./schemas";
import { translateUniqueViolation } from "./transaction";
import { accountColumnsSql } from "./account-columns";
import { parseInput } from "./validate";

export type CreateAccountOptions = {
  actor: Actor;
  account: NewAccountInput;
  source: AccountSource;
  /**
   * What to do when the pool has no free seat: "refuse" (manual creation, spec rule 2) or
   * "wait" (directory sync, spec rule 4: create it blocked for lack of a seat). A "wait" account
   * also waits, youngest, when others already wait in its pool: the caller's sync run then
   * activates them oldest first (the newcomer too, if seats remain).
   */
  whenFull?: "refuse" | "wait";
  /** Create the account blocked on purpose (it then needs no seat). */
  blocked?: { reason: "ADMIN" | "DIRECTORY" };
  /** The password is a one-time password: the first sign-in must replace it. */
  mustChangePassword?: boolean;
};

export async function createAccount(options: CreateAccountOptions, client: Db = defaultDb()) {
  const input = parseInput(newAccountSchema, options.account);
  // An initial password follows the same rules as one a person chooses (length, not the user
  // name, not a common password).
  const problem = input.password ? passwordProblem(input.password, input) : null;
  if (problem) throw new InvalidInputError({ password: [problem] });
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const refusal = { actor: options.actor, action: "account.create", account: { id: null, username: input.username } } as const;
  try {
    const created = await createInOneStatement(client, options, input, passwordHash);
    await noteTakenSeatLevel(client, created.takenSeat);
    return created.account;
  } catch (error) {
    // Spec rule 7: a refusal for lack of a seat is audited (nothing else was written).
    if (error instanceof SeatLimitError) {
      await recordAuditEvent(client, { ...refusal, pool: error.pool, outcome: "REFUSED", detail: error.message });
    }
    throw translateUniqueViolation(error);
  }
}

type CreatedRow = Account &
  TakenSeatColumns & {
    areaFound: boolean;
    areaName: string | null;
    areaNameKey: string | null;
    areaPool: Pool | null;
    areaCreatedAt: Date | null;
    clashUsername: string | null;
    clashEmail: string | null;
    clashExternalId: string | null;
    poolSeatLimit: number | null;
    poolActiveCount: number | null;
  };

/**
 * The account, its seat (or its wait for one) and its audit event in ONE autocommitted
 * statement: a SCIM directory creates users by the thousand, and as an interactive transaction
 * a creation cost eight round trips, the pool row locked (and the audit chain's lock held)
 * across the last three. Here both locks are held only inside the server, for the statement.
 *
 * The seat is taken exactly as takeSeat takes it (a conditional UPDATE of the pool row, which
 * re-checks the count once it holds the row's lock), only when the area exists and nothing clashes;
 * the account is inserted ACTIVE when it got the seat, else waiting (whenFull "wait") or not at all
 * (refused); the audit event is inserted from the inserted row. A clash the statement could not see
 * (a concurrent insert) fails the unique index, which rolls the whole statement back.
 */
async function createInOneStatement(client: Db, options: CreateAccountOptions, input: NewAccount, passwordHash: string | null) {
  const id = randomUUID();
  const now = new Date();
  const blocked = options.blocked?.reason ?? null;
  const wait = options.whenFull === "wait";
  const [row] = await client.$queryRaw<CreatedRow[]>`
    -- prepared: create-account
    WITH area AS (
      -- FOR KEY SHARE: an area being deleted right now is waited for, then found gone.
      SELECT id, name, "nameKey", pool, "createdAt" FROM "Area" WHERE id = ${input.areaId}::uuid FOR KEY SHARE
    ), clash AS (
      SELECT username, email, "externalId" FROM "Account"
      WHERE username = ${input.username} OR email = ${input.email} OR "externalId" = ${input.externalId ?? null}::text
      LIMIT 1
    ), seat AS (
      UPDATE "SeatPool" sp SET "activeCount" = sp."activeCount" + 1, "updatedAt" = now()
      FROM area
      WHERE ${blocked}::text IS NULL AND sp.pool = area.pool AND sp."activeCount" < sp."seatLimit" AND NOT EXISTS (SELECT 1 FROM clash)
        -- A directory newcomer never takes a seat ahead of the accounts waiting for one there.
        AND (NOT ${wait} OR NOT EXISTS (
          SELECT 1 FROM "Account" w JOIN "Area" wa ON wa.id = w."areaId"
          WHERE wa.pool = area.pool AND w.state = 'BLOCKED' AND w."blockedReason" = 'NO_SEAT'))
      RETURNING ${SEAT_CTE_RETURNING}
    ), decided AS (
      SELECT CASE WHEN ${blocked}::text IS NOT NULL THEN ${blocked}::text WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE 'NO_SEAT' END AS reason
    ), account AS (
      INSERT INTO "Account" (id, username, email, "givenName", "familyName", "displayName", "areaId", state, "blockedReason", "blockedAt",
        "waitingSince", source, "externalId", "passwordHash", "mustChangePassword", "isSysadmin", "isPeopleAdmin", "updatedAt")
      SELECT ${id}::uuid, ${input.username}, ${input.email}, ${input.givenName}, ${input.familyName}, ${input.displayName ?? null}::text,
        area.id, CASE WHEN decided.reason IS NULL THEN 'ACTIVE' ELSE 'BLOCKED' END::"AccountState", decided.reason::"BlockReason",
        CASE WHEN decided.reason IS NULL THEN NULL ELSE ${now}::timestamp END,
        CASE WHEN decided.reason = 'NO_SEAT' THEN ${now}::timestamp END,
        ${options.source}::"AccountSource", ${input.externalId ?? null}::text, ${passwordHash}::text,
        ${Boolean(passwordHash && options.mustChangePassword)}, ${input.isSysadmin}, ${input.isPeopleAdmin}, ${now}::timestamp
      FROM area, decided
      WHERE NOT EXISTS (SELECT 1 FROM clash) AND (decided.reason IS DISTINCT FROM 'NO_SEAT' OR ${wait})
      RETURNING *
    ), audit AS (
      INSERT INTO "AuditEvent" ("actorId", "actorLabel", action, outcome, "accountId", "accountLabel", pool, after, detail)
      SELECT ${options.actor.id}::uuid, ${options.actor.label}, 'account.create', 'SUCCESS', account.id, account.username, area.pool,
        jsonb_build_object('username', account.username, 'state', account.state, 'blockedReason', account."blockedReason",
          'area', area.name, 'pool', area.pool, 'source', account.source),
        CASE WHEN account."blockedReason" = 'NO_SEAT' THEN 'No free seat: created blocked, waiting for a seat.' END
      FROM account, area
    )
    SELECT ${accountColumnsSql("account")},
      area.id IS NOT NULL AS "areaFound", area.name AS "areaName", area."nameKey" AS "areaNameKey", area.pool::text AS "areaPool",
      area."createdAt" AS "areaCreatedAt",
      clash.username AS "clashUsername", clash.email AS "clashEmail", clash."externalId" AS "clashExternalId",
      ${TAKEN_SEAT_COLUMNS},
      current."seatLimit" AS "poolSeatLimit", current."activeCount" AS "poolActiveCount"
    FROM (SELECT 1) one
    LEFT JOIN area ON TRUE LEFT JOIN clash ON TRUE LEFT JOIN seat ON TRUE LEFT JOIN account ON TRUE
    LEFT JOIN "SeatPool" current ON current.pool = area.pool`;
  if (!row.areaFound) throw new AreaNotFoundError(input.areaId);
  if (row.clashUsername === input.username) throw new DuplicateAccountError("username", input.username);
  if (row.clashEmail === input.email) throw new DuplicateAccountError("email", input.email);
  if (row.clashExternalId !== null && row.clashExternalId === input.externalId)
    throw new DuplicateAccountError("externalId", input.externalId);
  const pool = row.areaPool!;
  // Not inserted and no clash: refused for lack of a seat (the counts as the statement saw them).
  if (row.id === null) throw new SeatLimitError(pool, row.poolSeatLimit ?? 0, row.poolActiveCount ?? 0);
  const area: Area = { id: row.areaId, name: row.areaName!, nameKey: row.areaNameKey!, pool, createdAt: row.areaCreatedAt! };
  const account: Account = {
    id: row.id,
    username: row.username,
    email: row.email,
    givenName: row.givenName,
    familyName: row.familyName,
    displayName: row.displayName,
    areaId: row.areaId,
    state: row.state,
    blockedReason: row.blockedReason,
    blockedAt: row.blockedAt,
    waitingSince: row.waitingSince,
    source: row.source,
    externalId: row.externalId,
    passwordHash: row.passwordHash,
    isSysadmin: row.isSysadmin,
    isPeopleAdmin: row.isPeopleAdmin,
    mustChangePassword: row.mustChangePassword,
    passwordChangedAt: row.passwordChangedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastSignInAt: row.lastSignInAt,
    lastActiveAt: row.lastActiveAt,
    comebackRefusedNotifiedAt: row.comebackRefusedNotifiedAt,
    inactivityWarnedFor: row.inactivityWarnedFor,
  };
  const takenSeat = takenSeatOf(row, pool);
  return { account: { ...account, area }, takenSeat };
}
