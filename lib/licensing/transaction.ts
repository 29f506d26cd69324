import "server-only";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import { recordAuditEvent, type AuditEventInput } from "./audit";
import { DuplicateAccountError, SeatLimitError, type AccountField } from "./errors";

/**
 * Runs one licensing operation in one transaction. When it is refused for lack of a seat the
 * transaction is rolled back (nothing is written) and the refusal itself is audited (spec rule 7).
 */
export async function inSeatTransaction<T>(
  client: Db,
  refusal: Omit<AuditEventInput, "outcome" | "detail">,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  try {
    return await client.$transaction(work);
  } catch (error) {
    if (error instanceof SeatLimitError) {
      await recordAuditEvent(client, {
        ...refusal,
        pool: error.pool,
        outcome: "REFUSED",
        detail: error.message,
      });
    }
    throw translateUniqueViolation(error);
  }
}

/** A unique index that fired under a race the in-transaction check could not see. */
export function translateUniqueViolation(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return error;
  const text = JSON.stringify(error.meta ?? {}) + error.message;
  const field: AccountField = /email/i.test(text) ? "email" : /externalId/i.test(text) ? "externalId" : "username";
  return new DuplicateAccountError(field, "(taken by a concurrent request)");
}
