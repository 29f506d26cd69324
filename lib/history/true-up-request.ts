import { z } from "zod";

// The period of a true-up report, from a URL. No server imports: the page's form reads it too.

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};
const day = (what: string) =>
  z
    .string(`Give the ${what} day.`)
    .regex(DAY, `The ${what} day must be a date like 2026-01-31.`)
    // Only for text shaped like a date: the shape's own message says the rest.
    .refine((value) => !DAY.test(value) || isRealDay(value), {
      message: `The ${what} day is not a real date.`,
    });

export const trueUpRequestSchema = z
  .object({ from: day("first"), to: day("last") })
  .refine((r) => r.from <= r.to, { message: "The first day must come before the last.", path: ["to"] })
  .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 10 * 366 * 86_400_000, { message: "At most ten years at a time.", path: ["to"] });

export type TrueUpRequest = z.output<typeof trueUpRequestSchema>;

/** The last 12 months up to today: what the page shows first. */
export function defaultTrueUpPeriod(today: string): TrueUpRequest {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
  return { from, to: today };
}

/** A period from URL parameters: the default when none is given, else the parse (with its problems). */
export function parseTrueUpRequest(params: { from?: string | null; to?: string | null }, today: string) {
  if (!params.from && !params.to) return { ok: true as const, request: defaultTrueUpPeriod(today) };
  const parsed = trueUpRequestSchema.safeParse({ from: params.from ?? undefined, to: params.to ?? undefined });
  return parsed.success
    ? { ok: true as const, request: parsed.data }
    : {
        ok: false as const,
        problems: parsed.error.issues.map((i) => i.message),
        fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), [i.message]])),
      };
}

export const trueUpFileName = (r: TrueUpRequest) => `true-up-${r.from}-to-${r.to}.csv`;
