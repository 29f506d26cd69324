import "server-only";
import { createPeriodicJob } from "../jobs/periodic-job";
import { sealAuditChain } from "./seal-audit-chain";

/**
 * Seals the audit events written since its last run into the chain, every second in every
 * process: an event is in the chain about a second after its commit. When two processes run at
 * once the second waits for the first's lock and finds little or nothing left.
 */
const job = createPeriodicJob(
  "audit-chain",
  () => sealAuditChain(),
  () => 1_000,
);

export const startAuditChainJob = job.start;
