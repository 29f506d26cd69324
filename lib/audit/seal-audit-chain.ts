import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";

/** Events appended to the chain per transaction: a backlog of a million is sealed in a hundred. */
export const SEAL_BATCH = 10_000;

/**
 * Appends every event committed so far that has no place in the chain yet, oldest id first, in
 * batches of SEAL_BATCH (function seatkeeper_seal_audit_chain, migration
 * audit_chain_sealed_after_commit, which takes the chain's lock). Every app process runs it about
 * once a second (audit-chain-job.ts); audit:verify and the purge run it first. Returns how many it
 * sealed.
 */
export async function sealAuditChain(client: Db = defaultDb()): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealBatch(client, SEAL_BATCH);
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

/** Seals everything the caller's transaction can see, inside it (it then holds the chain's lock to its end). */
export async function sealAuditChainIn(tx: Tx): Promise<number> {
  return sealBatch(tx, null);
}

async function sealBatch(client: Db | Tx, max: number | null): Promise<number> {
  const [{ sealed }] = await client.$queryRaw<{ sealed: number }[]>`SELECT seatkeeper_seal_audit_chain(${max}::integer) AS sealed`;
  return sealed;
}
