import "server-only";
import { z } from "zod";
import { db as defaultDb, type Db } from "../db/client";
import type { Pool } from "../generated/prisma/enums";
import type { Actor } from "./actor";
import { recordAuditEvent } from "./audit";
import { usernameSchema } from "./schemas";
import { parseInput } from "./validate";

export const INACTIVITY_MIN_DAYS = 30;
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** A pool's inactivity policy as an administrator sets it (a form: checkboxes, numbers as text). */
export const inactivityPolicySchema = z
  .object({
    pool: z.enum(["PRIMARY", "EXTRANET"], "Unknown pool."),
    enabled: checkbox,
    days: z.coerce
      .number("Enter a number of days.")
      .int("Enter a whole number of days.")
      .min(INACTIVITY_MIN_DAYS, `At least ${INACTIVITY_MIN_DAYS} days.`)
      .max(3650, "At most 3650 days."),
    warnDays: z.preprocess(
      (v) => (v === "" || v === undefined || v === null ? null : v),
      z.coerce.number("Enter a number of days.").int("Enter a whole number of days.").min(1, "At least 1 day.").nullable(),
    ),
    exemptAdmins: checkbox,
    exemptDirectory: checkbox,
    // One user name a line (or separated by commas or spaces).
    exemptUsernames: z.preprocess(
      (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v),
      z.array(usernameSchema).max(1000, "At most 1000 exempt accounts."),
    ),
  })
  .refine((p) => p.warnDays === null || p.warnDays < p.days, {
    path: ["warnDays"],
    message: "The warning must come before the block: fewer days than the inactivity limit.",
  });

export type InactivityPolicyInput = z.output<typeof inactivityPolicySchema>;

const DEFAULT_POLICY = {
  enabled: false,
  days: 90,
  warnDays: null as number | null,
  exemptAdmins: true,
  exemptDirectory: true,
  exemptUsernames: [] as string[],
};

/** Both pools' policies; a pool nobody configured has the default one, turned off. */
export async function getInactivityPolicies(client: Db = defaultDb()) {
  const rows = await client.inactivityPolicy.findMany();
  return (["PRIMARY", "EXTRANET"] as Pool[]).map((pool) => rows.find((r) => r.pool === pool) ?? { pool, ...DEFAULT_POLICY });
}

/** Sets a pool's policy (audited as a settings change, before and after). */
export async function setInactivityPolicy(options: { actor: Actor; policy: unknown }, client: Db = defaultDb()) {
  const { pool, ...policy } = parseInput(inactivityPolicySchema, options.policy);
  policy.exemptUsernames = [...new Set(policy.exemptUsernames)].sort();
  return client.$transaction(async (tx) => {
    const before = await tx.inactivityPolicy.findUnique({ where: { pool } });
    const after = await tx.inactivityPolicy.upsert({ where: { pool }, create: { pool, ...policy }, update: policy });
    const shown = (p: typeof DEFAULT_POLICY) => ({
      enabled: p.enabled,
      days: p.days,
      warnDays: p.warnDays,
      exemptAdmins: p.exemptAdmins,
      exemptDirectory: p.exemptDirectory,
      exemptUsernames: p.exemptUsernames,
    });
    await recordAuditEvent(tx, {
      actor: options.actor,
      action: "settings.change",
      pool,
      before: shown(before ?? DEFAULT_POLICY),
      after: shown(after),
      detail: "Inactivity policy",
    });
    return after;
  });
}
