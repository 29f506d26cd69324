import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { sealAuditChain } from "./seal-audit-chain";

/**
 * Seals the audit events written since its last run into the chain, every second in every
 * process: an event is in the chain about a second after its commit. A process that finds another
 * one sealing skips its turn (no connection held waiting for the lock).
 */
const job = createPeriodicJob(
  "audit-chain",
  () => sealAuditChain(undefined, { wait: false }),
  () => 1_000,
);

export const startAuditChainJob = job.start;
