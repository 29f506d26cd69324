import "server-only";
import type { Db, Tx } from "../db/client";

export type DeliveryOutcome = "sent" | "failed";

const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** 30 s, 1 min, 2 min, … up to an hour between attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * The outbox loop shared by mail and license requests: one due row at a time, each in its own
 * transaction in which `deliverOne` claims it (FOR UPDATE SKIP LOCKED, so several processes never
 * send a row twice), sends it and records the outcome. Returns when nothing is due.
 */
export async function deliverDue(
  client: Db,
  deliverOne: (tx: Tx) => Promise<DeliveryOutcome | null>,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (;;) {
    const outcome = await client.$transaction(deliverOne, { timeout: 60_000 });
    if (outcome === null) return { sent, failed };
    if (outcome === "sent") sent++;
    else failed++;
  }
}
