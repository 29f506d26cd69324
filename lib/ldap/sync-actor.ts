import "server-only";
import type { Db } from "../db/client";
import type { Actor } from "../licensing/actor";
import { recordAuditEvent } from "../licensing/audit";

/** The actor every change of a sync run is audited under. */
export const LDAP_SYNC_ACTOR: Actor = { id: null, label: "LDAP sync" };

/**
 * The audit event that ends a sync run: done (with its counts), or refused (it failed, or it was
 * found interrupted) with the reason.
 */
export async function auditSyncRunEnd(
  client: Db,
  run: { id: bigint; trigger: string },
  end: { refused: boolean; detail: string; counts?: Record<string, number> },
): Promise<void> {
  await recordAuditEvent(client, {
    actor: LDAP_SYNC_ACTOR,
    action: "ldap.sync",
    ...(end.refused ? { outcome: "REFUSED" as const } : {}),
    detail: end.detail,
    after: { run: run.id.toString(), trigger: run.trigger, ...end.counts },
  });
}
