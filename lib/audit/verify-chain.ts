import "server-only";
import { Prisma } from "../generated/prisma/client";
import { db as defaultDb, type Db } from "../db/client";
import { sealAuditChain } from "./seal-audit-chain";

/**
 * The canonical content of an event, as the sealer hashes it (function seatkeeper_audit_hash,
 * migration audit_chain). Written out here rather than calling that function, so a changed
 * function in the database shows up as altered events.
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

/** What a range of the chain says: its first event, its first broken one, its last one. */
type RangeRow = {
  part: "first" | "broken" | "last";
  id: bigint;
  at: Date;
  prev: string | null;
  hash: string | null;
  problem: ChainProblem | null;
  /** Events of the range before this one. */
  before: bigint;
  /** Events in the range. */
  size: bigint;
};

/**
 * Checks the events whose chain places are in [from, to) inside the database: each event's hash
 * must match its content, and each one's prevHash the hash of the event before it in the range.
 * Only three rows come back (the range's first event, whose link to the range before is checked
 * by the caller, its first broken event, and its last event), so a million events cost the
 * hashing, not a million rows sent to this process.
 */
async function checkRange(client: Db, from: bigint, to: bigint): Promise<RangeRow[]> {
  return client.$queryRaw<RangeRow[]>`
    WITH batch AS MATERIALIZED (
      SELECT e.id, e.at, e."chainSeq" AS seq, e."prevHash" AS prev, e.hash, ${RECOMPUTED_HASH} AS recomputed
      FROM "AuditEvent" e WHERE e."chainSeq" >= ${from} AND e."chainSeq" < ${to}
    ), checked AS (
      SELECT id, at, seq, prev, hash,
        CASE WHEN hash IS NULL OR recomputed IS DISTINCT FROM hash THEN 'altered'
             WHEN row_number() OVER w > 1 AND prev IS DISTINCT FROM lag(hash) OVER w THEN 'missing-or-reordered' END AS problem,
        row_number() OVER w - 1 AS before, count(*) OVER () AS size
      FROM batch WINDOW w AS (ORDER BY seq)
    )
    (SELECT 'first' AS part, id, at, prev, hash, problem, before, size FROM checked WHERE before = 0)
    UNION ALL
    (SELECT 'broken', id, at, prev, hash, problem, before, size FROM checked WHERE problem IS NOT NULL ORDER BY seq LIMIT 1)
    UNION ALL
    (SELECT 'last', id, at, prev, hash, problem, before, size FROM checked WHERE before = size - 1)`;
}

/**
 * Seals what has been committed but not yet sealed (so the verdict covers every event written
 * before it started), then walks the chain in chain order (chainSeq): each event's hash must match
 * its content and its prevHash the previous event's hash (the first event's, the start). The chain
 * is cut into ranges of places checked by the database, `parallel` at a time (a command has two
 * connections), then joined here in order. Reports the first event that does not verify.
 * Deleting the newest events cannot be seen from the chain alone (nothing points back to them).
 * Events written while it runs are left for the next run.
 */
export async function verifyAuditChain(
  options: { batchSize?: number; parallel?: number } = {},
  client: Db = defaultDb(),
): Promise<ChainVerdict> {
  const batchSize = BigInt(options.batchSize ?? 100_000);
  const parallel = options.parallel ?? 2;
  await sealAuditChain(client);
  const startsFrom = await chainStart(client);
  const [{ lowest, highest }] = await client.$queryRaw<{ lowest: bigint | null; highest: bigint | null }[]>`
    SELECT min("chainSeq") AS lowest, max("chainSeq") AS highest FROM "AuditEvent"`;
  const starts: bigint[] = [];
  if (lowest !== null && highest !== null) for (let at = lowest; at <= highest; at += batchSize) starts.push(at);
  const ranges: RangeRow[][] = new Array(starts.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, starts.length) }, async () => {
      while (next < starts.length) {
        const i = next++;
        ranges[i] = await checkRange(client, starts[i], starts[i] + batchSize);
      }
    }),
  );
  let expectedPrev = startsFrom;
  let count = 0;
  for (const rows of ranges) {
    const first = rows.find((r) => r.part === "first");
    if (!first) continue; // no events at these places
    if (first.problem) return broken({ ...first, problem: first.problem }, count);
    if (first.prev !== expectedPrev) return broken({ ...first, problem: "missing-or-reordered" }, count);
    const wrong = rows.find((r) => r.part === "broken");
    if (wrong?.problem) return broken({ ...wrong, problem: wrong.problem }, count + Number(wrong.before));
    count += Number(first.size);
    expectedPrev = rows.find((r) => r.part === "last")!.hash!;
  }
  return { ok: true, count, startsFrom };
}

function broken(event: { id: bigint; at: Date; problem: ChainProblem }, count: number): ChainVerdict {
  const where = `Event ${event.id} (${event.at.toISOString()})`;
  const message =
    event.problem === "altered"
      ? `${where} was altered: its content no longer matches its hash.`
      : `${where} does not follow the event before it: an event before it is missing, or events were reordered.`;
  return { ok: false, count, id: event.id.toString(), at: event.at, problem: event.problem, message };
}
