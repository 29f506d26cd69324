import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import type { Actor } from "./actor";
import { recordAuditEvent } from "./audit";
import { parseInput } from "./validate";

export const siteSettingsSchema = z.object({
  nearFullThresholdPct: z.coerce
    .number("Enter a percentage.")
    .int("Enter a whole percentage.")
    .min(50, "At least 50%.")
    .max(100, "At most 100% (100% means: only tell me when the pool is full)."),
  forecastWarningDays: z.coerce
    .number("Enter a number of days.")
    .int("Enter a whole number of days.")
    .min(1, "At least 1 day.")
    .max(365, "At most 365 days.")
    .optional(),
  // Empty or "off" keeps every audit event; absent leaves the setting as it is.
  auditRetentionDays: z
    .preprocess(
      (v) => (v === "" || v === "off" ? null : v),
      z.coerce
        .number("Enter a number of days, or leave it empty to keep everything.")
        .int("Enter a whole number of days.")
        .min(90, "At least 90 days (or leave it empty to keep everything).")
        .max(36_500, "At most 36,500 days.")
        .nullable(),
    )
    .optional(),
});

export async function getSiteSettings(client: Db = defaultDb()) {
  return (
    (await client.siteSettings.findUnique({ where: { id: 1 } })) ?? {
      id: 1,
      nearFullThresholdPct: 90,
      forecastWarningDays: 30,
      auditRetentionDays: null,
    }
  );
}

/** Changes when People administrators are warned that a pool is nearly full (spec rule 5). */
export async function updateSiteSettings(options: { actor: Actor; settings: unknown }, client: Db = defaultDb()) {
  const settings = parseInput(siteSettingsSchema, options.settings);
  return client.$transaction(async (tx) => {
    const before = await tx.siteSettings.findUnique({ where: { id: 1 } });
    const after = await tx.siteSettings.upsert({ where: { id: 1 }, create: { id: 1, ...settings }, update: settings });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "settings.change",
      before: {
        nearFullThresholdPct: before?.nearFullThresholdPct ?? 90,
        forecastWarningDays: before?.forecastWarningDays ?? 30,
        auditRetentionDays: before?.auditRetentionDays ?? null,
      },
      after: {
        nearFullThresholdPct: after.nearFullThresholdPct,
        forecastWarningDays: after.forecastWarningDays,
        auditRetentionDays: after.auditRetentionDays,
      },
    });
    return after;
  });
}
