import "server-only";
import { config } from "../config";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "../licensing/actor";
import { recordAuditEvent } from "../licensing/audit";
import { parseInput } from "../licensing/validate";
import { licenseRequestInputSchema, type LicenseRequestInput } from "./schemas";

/** Where requests go, from configuration; none configured means they are kept, not sent. */
export function licenseRequestTargets(): { channel: "HTTP" | "EMAIL"; target: string }[] {
  const targets: { channel: "HTTP" | "EMAIL"; target: string }[] = [];
  const { LICENSE_REQUEST_URL, LICENSE_REQUEST_EMAIL } = config();
  if (LICENSE_REQUEST_URL) targets.push({ channel: "HTTP", target: LICENSE_REQUEST_URL });
  if (LICENSE_REQUEST_EMAIL) targets.push({ channel: "EMAIL", target: LICENSE_REQUEST_EMAIL });
  return targets;
}

/** Stores a request for more seats (and its pending deliveries) in one transaction, audited. */
export async function raiseLicenseRequest(options: { actor: Actor; input: LicenseRequestInput }, client: Db = defaultDb()) {
  const input = parseInput(licenseRequestInputSchema, options.input);
  return client.$transaction(async (tx) => {
    const request = await tx.licenseRequest.create({
      data: {
        ...input,
        requestedById: options.actor.id,
        requestedByLabel: options.actor.label,
        deliveries: { create: licenseRequestTargets() },
      },
      include: { deliveries: true },
    });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "license.request",
      pool: input.pool,
      after: { requestId: request.id, seats: input.seats, reason: input.reason, deliveries: request.deliveries.map((d) => d.channel) },
    });
    return request;
  });
}
