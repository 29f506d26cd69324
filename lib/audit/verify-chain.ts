import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db as defaultDb, type Db } from "../db/client";

/**
 * The canonical content of an event, as the trigger AuditEvent_chain hashes it (migration
 * audit_chain, function seatkeeper_audit_hash). Written out here rather than calling that
 * function, so a changed function in the database shows up as altered events.
 */
const RECOMPUTED_HASH = Prisma.sql`encode(sha256(convert_to(e."prevHash" || chr(10) || jsonb_build_array(e.id::text,
  to_char(e.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e."actorId", e."actorLabel", e.action, e.outcome,
  e."accountId", e."accountLabel", e.pool, e.before, e.after, e.detail)::text, 'UTF8')), 'hex')`;

export type ChainVerdict =
  | { ok: true; count: number; startsFrom: string }
  | { ok: false; count: number; id: string; at: Date; problem: "altered" | "missing-or-reordered"; message: string };

/** The hash the chain starts from: the one the latest purge recorded, or "" (nothing purged). */
export async function chainStart(client: Db): Promise<string> {
  const rows = await client.$queryRaw<{ start: string | null }[]>`
    SELECT after->>'chainStartsFrom' AS start FROM "AuditEvent"
    WHERE action = 'audit.purge' AND outcome = 'SUCCESS' ORDER BY at DESC, id DESC LIMIT 1`;
  return rows[0]?.start ?? "";
}

/**
 * Walks the chain in id order, in batches: each event's hash must match its content and the
 * previous event's hash (the first event's, the start). Reports the first event that does not.
 * Deleting the newest events cannot be seen from the chain alone (nothing points back to them).
 */
export async function verifyAuditChain(options: { batchSize?: number } = {}, client: Db = defaultDb()): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 20_000;
  const startsFrom = await chainStart(client);
  let expectedPrev = startsFrom;
  let lastId = -1n;
  let count = 0;
  for (;;) {
    const rows = await client.$queryRaw<
      { id: bigint; at: Date; prevHash: string | null; hash: string | null; recomputed: string | null }[]
    >`
      SELECT e.id, e.at, e."prevHash", e.hash, ${RECOMPUTED_HASH} AS recomputed
      FROM "AuditEvent" e WHERE e.id > ${lastId} ORDER BY e.id LIMIT ${batchSize}`;
    for (const row of rows) {
      const where = `Event ${row.id} (${row.at.toISOString()})`;
      if (row.hash === null || row.recomputed !== row.hash) {
        return {
          ok: false,
          count,
          id: row.id.toString(),
          at: row.at,
          problem: "altered",
          message: `${where} was altered: its content no longer matches its hash.`,
        };
      }
      if (row.prevHash !== expectedPrev) {
        return {
          ok: false,
          count,
          id: row.id.toString(),
          at: row.at,
          problem: "missing-or-reordered",
          message: `${where} does not follow the event before it: an event before it is missing, or events were reordered.`,
        };
      }
      expectedPrev = row.hash;
      count++;
    }
    if (rows.length < batchSize) return { ok: true, count, startsFrom };
    lastId = rows[rows.length - 1].id;
  }
}
