import "server-only";
import { db as defaultDb, type Db } from "../db/client";
import { utcDate } from "../format/utc";
import { mailConfigured } from "../mail/outbox";
import { inactivityCandidates } from "./inactivity-candidates";

/**
 * When the next daily run happens: within the hour when today's has not run yet (the job ticks
 * hourly), else at the first tick of tomorrow (UTC).
 */
export async function nextInactivityRun(now: Date, client: Db = defaultDb()): Promise<Date> {
  const today = new Date(`${utcDate(now)}T00:00:00Z`);
  const done = await client.inactivityRun.findUnique({ where: { day: today }, select: { id: true } });
  return done ? new Date(today.getTime() + 24 * 60 * 60 * 1000) : now;
}

/**
 * Who the next run would warn and block, and when: the run's own query (inactivityCandidates)
 * at the next run's moment.
 */
export async function previewInactivityRun(options: { now?: Date } = {}, client: Db = defaultDb()) {
  const nextRun = await nextInactivityRun(options.now ?? new Date(), client);
  const [block, warn] = await Promise.all([
    inactivityCandidates(client, nextRun, "block"),
    mailConfigured() ? inactivityCandidates(client, nextRun, "warn") : Promise.resolve([]),
  ]);
  return { nextRun, block, warn, mail: mailConfigured() };
}
