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

/**
 * A unique index that fired under a race the in-transaction check could not see (P2002 from a
 * model query; P2010 with PostgreSQL's 23505 from a raw one).
 */
export function translateUniqueViolation(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  if (error.code !== "P2002" && !(error.code === "P2010" && /`23505`/.test(error.message))) return error;
  const text = JSON.stringify(error.meta ?? {}) + error.message;
  const field: AccountField = /email/i.test(text) ? "email" : /externalId/i.test(text) ? "externalId" : "username";
  return new DuplicateAccountError(field, "(taken by a concurrent request)");
}
