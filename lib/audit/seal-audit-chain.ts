import "server-only";
import { db as defaultDb, type Db, type Tx } from "../db/client";

/** Seals the function writes per UPDATE (seatkeeper_seal_audit_chain): a backlog crosses it. */
export const SEAL_WRITE_BATCH = 10_000;

/**
 * Appends every event committed so far that has no place in the chain yet, oldest id first, in
 * one transaction (function seatkeeper_seal_audit_chain, migration audit_chain_sealed_after_commit,
 * which takes the chain's lock). Every app process runs it about once a second without waiting
 * for the lock (audit-chain-job.ts: a process that finds another one sealing skips its turn);
 * audit:verify and the purge wait for it and seal first. Returns how many it sealed (0 when it
 * skipped).
 */
export async function sealAuditChain(client: Db | Tx = defaultDb(), options: { wait?: boolean } = {}): Promise<number> {
  const wait = options.wait ?? true;
  const [{ sealed }] = await client.$queryRaw<{ sealed: number | null }[]>`SELECT seatkeeper_seal_audit_chain(NULL, ${wait}) AS sealed`;
  return sealed ?? 0;
}
