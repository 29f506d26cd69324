import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";

/** Seals the function writes per UPDATE (seatkeeper_seal_audit_chain): a backlog crosses it. */
export const SEAL_WRITE_BATCH = 10_000;

/**
 * Appends every event committed so far that has no place in the chain yet, oldest id first, in
 * one transaction (function seatkeeper_seal_audit_chain, migration audit_chain_sealed_after_commit,
 * which takes the chain's lock). Every app process runs it about once a second
 * (audit-chain-job.ts); audit:verify runs it first. Returns how many it sealed.
 */
export async function sealAuditChain(client: Db | Tx = defaultDb()): Promise<number> {
  const [{ sealed }] = await client.$queryRaw<{ sealed: number }[]>`SELECT seatkeeper_seal_audit_chain(NULL) AS sealed`;
  return sealed;
}
