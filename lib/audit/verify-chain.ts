import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db as defaultDb, type Db } from "../db/client";

/**
 * The canonical content of an event, as the trigger AuditEvent_chain_at_commit hashes it
 * (function seatkeeper_audit_hash, migration audit_chain). Written out here rather than calling
 * that function, so a changed function in the database shows up as altered events.
 */
const RECOMPUTED_HASH = Prisma.sql`encode(sha256(convert_to(e."prevHash" || chr(10) || jsonb_build_array(e.id::text,
  to_char(e.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), e."actorId", e."actorLabel", e.action, e.outcome,
  e."accountId", e."accountLabel", e.pool, e.before, e.after, e.detail)::text, 'UTF8')), 'hex')`;

export type ChainProblem = "altered" | "missing-or-reordered";

export type ChainVerdict =
  | { ok: true; count: number; startsFrom: string }
  | { ok: false; count: number; id: string; at: Date; problem: ChainProblem; message: string };

/** The hash the chain starts from: the one the latest purge recorded, or "" (nothing purged). */
export async function chainStart(client: Db): Promise<string> {
  const rows = await client.$queryRaw<{ start: string | null }[]>`
    SELECT after->>'chainStartsFrom' AS start FROM "AuditEvent"
    WHERE action = 'audit.purge' AND outcome = 'SUCCESS' ORDER BY at DESC, id DESC LIMIT 1`;
  return rows[0]?.start ?? "";
}

/** What one batch of the walk says: its first broken event, or else its last one. */
type BatchEnd = {
  id: bigint;
  at: Date;
  seq: bigint;
  hash: string | null;
  problem: ChainProblem | null;
  /** Events of the batch before this one. */
  before: bigint;
  /** Events in the batch. */
  size: bigint;
};

/**
 * Walks the chain in chain order (chainSeq), in batches checked by the database itself: each
 * event's hash must match its content and its prevHash the previous event's hash (the first
 * event's, the start). Only one row per batch comes back (its first broken event, or its last),
 * so a million events cost the hashing, not a million rows sent to this process. Reports the
 * first event that does not verify, then any committed event outside the chain (no place in it,
 * which only a write with the trigger turned off can leave). Deleting the newest events cannot be
 * seen from the chain alone (nothing points back to them).
 */
export async function verifyAuditChain(options: { batchSize?: number } = {}, client: Db = defaultDb()): Promise<ChainVerdict> {
  const batchSize = options.batchSize ?? 100_000;
  const startsFrom = await chainStart(client);
  let expectedPrev = startsFrom;
  let lastSeq = -1n;
  let count = 0;
  for (;;) {
    const [end] = await client.$queryRaw<BatchEnd[]>`
      WITH batch AS MATERIALIZED (
        SELECT e.id, e.at, e."chainSeq" AS seq, e."prevHash" AS prev, e.hash, ${RECOMPUTED_HASH} AS recomputed
        FROM "AuditEvent" e WHERE e."chainSeq" > ${lastSeq} ORDER BY e."chainSeq" LIMIT ${batchSize}
      ), checked AS (
        SELECT id, at, seq, hash,
          CASE WHEN hash IS NULL OR recomputed IS DISTINCT FROM hash THEN 'altered'
               WHEN prev IS DISTINCT FROM lag(hash, 1, ${expectedPrev}) OVER (ORDER BY seq) THEN 'missing-or-reordered' END AS problem,
          row_number() OVER (ORDER BY seq) - 1 AS before, count(*) OVER () AS size
        FROM batch
      )
      SELECT id, at, seq, hash, problem, before, size FROM checked
      WHERE problem IS NOT NULL OR before = size - 1 ORDER BY seq LIMIT 1`;
    if (!end) break;
    if (end.problem) return broken({ ...end, problem: end.problem }, count + Number(end.before));
    count += Number(end.size);
    expectedPrev = end.hash!;
    lastSeq = end.seq;
    if (end.size < BigInt(batchSize)) break;
  }
  const [outside] = await client.$queryRaw<{ id: bigint; at: Date }[]>`
    SELECT id, at FROM "AuditEvent" WHERE "chainSeq" IS NULL ORDER BY id LIMIT 1`;
  if (outside) return broken({ ...outside, problem: "altered" }, count, "is not in the chain: it was written around the chain's trigger.");
  return { ok: true, count, startsFrom };
}

function broken(event: { id: bigint; at: Date; problem: ChainProblem }, count: number, why?: string): ChainVerdict {
  const where = `Event ${event.id} (${event.at.toISOString()})`;
  const message =
    why !== undefined
      ? `${where} ${why}`
      : event.problem === "altered"
        ? `${where} was altered: its content no longer matches its hash.`
        : `${where} does not follow the event before it: an event before it is missing, or events were reordered.`;
  return { ok: false, count, id: event.id.toString(), at: event.at, problem: event.problem, message };
}
