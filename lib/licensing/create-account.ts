import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";
import type { AccountSource } from "../generated/prisma/enums";
import { hashPassword } from "../auth/password";
import type { Actor } from "./actor";
import { recordAuditEvent, snapshotAccount } from "./audit";
import { passwordProblem } from "../accounts/password-policy";
import { DuplicateAccountError, InvalidInputError, SeatLimitError } from "./errors";
import { newAccountSchema, type NewAccountInput, type NewAccount } from "./schemas";
import { areaWithPool, takeSeat } from "./seats";
import { inSeatTransaction } from "./transaction";
import { parseInput } from "./validate";

export type CreateAccountOptions = {
  actor: Actor;
  account: NewAccountInput;
  source: AccountSource;
  /**
   * What to do when the pool has no free seat: "refuse" (manual creation, spec rule 2) or
   * "wait" (directory sync, spec rule 4: create it blocked for lack of a seat).
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
  return inSeatTransaction(
    client,
    { actor: options.actor, action: "account.create", account: { id: null, username: input.username } },
    (tx) => createAccountInTransaction(tx, options, input, passwordHash),
  );
}

async function createAccountInTransaction(tx: Tx, options: CreateAccountOptions, input: NewAccount, passwordHash: string | null) {
  const area = await areaWithPool(tx, input.areaId);
  await assertUnique(tx, input);

  // The account is written first and the seat taken last, by one statement that also writes the
  // audit event: the pool row stays locked only for that statement and the commit. Nothing of this
  // is visible before the commit.
  const now = new Date();
  const blocked = options.blocked?.reason ?? null;
  let account = await tx.account.create({
    data: {
      username: input.username,
      email: input.email,
      givenName: input.givenName,
      familyName: input.familyName,
      displayName: input.displayName ?? null,
      areaId: area.id,
      state: blocked ? "BLOCKED" : "ACTIVE",
      blockedReason: blocked,
      blockedAt: blocked ? now : null,
      source: options.source,
      externalId: input.externalId ?? null,
      passwordHash,
      mustChangePassword: Boolean(passwordHash && options.mustChangePassword),
      isSysadmin: input.isSysadmin,
      isPeopleAdmin: input.isPeopleAdmin,
    },
  });
  const creationEvent = (created: typeof account & { area: typeof area }, detail: string | null) => ({
    actor: options.actor,
    action: "account.create" as const,
    account: created,
    pool: area.pool,
    after: { ...snapshotAccount(created), source: options.source },
    detail,
  });
  if (!blocked) {
    const created = { ...account, area };
    try {
      await takeSeat(tx, area.pool, { audit: creationEvent(created, null) });
      return created;
    } catch (error) {
      if (!(error instanceof SeatLimitError) || options.whenFull !== "wait") throw error;
      // No seat: it waits. The refused statement locked and wrote nothing.
      account = await tx.account.update({
        where: { id: account.id },
        data: { state: "BLOCKED", blockedReason: "NO_SEAT", blockedAt: now, waitingSince: now },
      });
      const waiting = { ...account, area };
      await recordAuditEvent(tx, creationEvent(waiting, "No free seat: created blocked, waiting for a seat."));
      return waiting;
    }
  }
  const created = { ...account, area };
  await recordAuditEvent(tx, creationEvent(created, null));
  return created;
}

async function assertUnique(tx: Tx, input: NewAccount): Promise<void> {
  const clash = await tx.account.findFirst({
    where: {
      OR: [{ username: input.username }, { email: input.email }, ...(input.externalId ? [{ externalId: input.externalId }] : [])],
    },
    select: { username: true, email: true, externalId: true },
  });
  if (!clash) return;
  if (clash.username === input.username) throw new DuplicateAccountError("username", input.username);
  if (clash.email === input.email) throw new DuplicateAccountError("email", input.email);
  throw new DuplicateAccountError("externalId", input.externalId!);
}
