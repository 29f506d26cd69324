import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { recordAuditEvent } from "../licensing/audit";
import { currentSiteId } from "../licensing/apply-license-document";
import { deliverDue, retryDelayMs } from "../jobs/deliver-due";
import type { SendMail } from "../mail/outbox";

type RequestRow = {
  id: string;
  createdAt: Date;
  requestedByLabel: string;
  pool: "PRIMARY" | "EXTRANET";
  seats: number;
  reason: string;
  contactName: string;
  contactEmail: string;
};

/**
 * The JSON body POSTed to LICENSE_REQUEST_URL (documented in the README). The request id is also
 * sent as the Idempotency-Key header: a retry after a lost answer must not open a second ticket.
 */
export async function licenseRequestPayload(request: RequestRow, client: Db) {
  const [license, pools] = await Promise.all([client.license.findUnique({ where: { id: 1 } }), client.seatPool.findMany()]);
  const used = (pool: "PRIMARY" | "EXTRANET") => pools.find((p) => p.pool === pool)?.activeCount ?? 0;
  return {
    type: "seatkeeper.license-request",
    version: 1,
    requestId: request.id,
    requestedAt: request.createdAt.toISOString(),
    siteId: await currentSiteId(client),
    licensee: license?.licensee ?? null,
    currentLicenseId: license?.licenseId ?? null,
    pool: request.pool === "PRIMARY" ? "primary" : "extranet",
    seats: request.seats,
    reason: request.reason,
    contact: { name: request.contactName, email: request.contactEmail },
    requestedBy: request.requestedByLabel,
    currentUsage: {
      maxUsers: license?.maxUsers ?? 0,
      activePrimary: used("PRIMARY"),
      maxExtranetUsers: license?.maxExtranetUsers ?? 0,
      activeExtranet: used("EXTRANET"),
    },
  };
}

async function postJson(url: string, body: unknown, idempotencyKey: string): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) {
    const text = (await response.text().catch(() => "")).slice(0, 200);
    throw new Error(`the endpoint answered ${response.status} ${response.statusText}${text ? `: ${text}` : ""}`);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}

/**
 * Sends every due delivery (FOR UPDATE SKIP LOCKED: safe from several processes). A failure is
 * kept with its reason and retried with backoff until the endpoint accepts it.
 */
export async function deliverLicenseRequests(
  options: { now?: Date; sendMail?: SendMail | null; log?: (line: string) => void } = {},
  client: Db = defaultDb(),
): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.error(line));
  return deliverDue(client, async (tx) => {
    const [due] = await tx.$queryRaw<{ id: string; requestId: string; channel: "HTTP" | "EMAIL"; target: string; attempts: number }[]>`
      SELECT id, "requestId", channel, target, attempts FROM "LicenseRequestDelivery"
      WHERE state <> 'SENT' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (!due) return null;
    const request = await tx.licenseRequest.findUniqueOrThrow({ where: { id: due.requestId } });
    const actor = { id: null, label: "license request outbox" };
    try {
      const payload = await licenseRequestPayload(request, client);
      if (due.channel === "HTTP") {
        await postJson(due.target, payload, request.id);
      } else {
        if (!options.sendMail) throw new Error("SMTP_URL is not set, so the request cannot be e-mailed");
        await options.sendMail({
          to: due.target,
          subject: `License request: ${request.seats} more ${request.pool === "PRIMARY" ? "primary-area (Max_Users)" : "extranet (Max_extranet_users)"} seats for ${payload.siteId}`,
          body: `${request.reason}\n\nContact: ${request.contactName} <${request.contactEmail}>\nRequested by ${request.requestedByLabel} on ${payload.requestedAt}\n\n${JSON.stringify(payload, null, 2)}\n`,
        });
      }
      await tx.licenseRequestDelivery.update({
        where: { id: due.id },
        data: { state: "SENT", sentAt: new Date(), attempts: due.attempts + 1, lastError: null },
      });
      await recordAuditEvent(tx, {
        actor,
        action: "license.request.delivery",
        after: { requestId: request.id, channel: due.channel, target: due.target, state: "SENT" },
      });
      return "sent";
    } catch (error) {
      const attempts = due.attempts + 1;
      const reason = describeFailure(error).slice(0, 1000);
      log(
        `[license-request] delivery of ${request.id} by ${due.channel} to ${due.target} failed (attempt ${attempts}), will retry: ${reason}`,
      );
      await tx.licenseRequestDelivery.update({
        where: { id: due.id },
        data: { state: "FAILED", attempts, lastError: reason, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      });
      await recordAuditEvent(tx, {
        actor,
        action: "license.request.delivery",
        outcome: "REFUSED",
        detail: reason,
        after: { requestId: request.id, channel: due.channel, target: due.target, state: "FAILED", attempts },
      });
      return "failed";
    }
  });
}
