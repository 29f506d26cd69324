import "server-only";
import { config } from "../config";
import type { Db, Tx } from "../db/client";
import { db as defaultDb } from "../db/client";
import { deliverDue, retryDelayMs } from "../jobs/deliver-due";

export type OutgoingMail = { to: string; subject: string; body: string };

/** Mail is only queued when a mail server is configured; the console shows notifications either way. */
export function mailConfigured(): boolean {
  return Boolean(config().SMTP_URL);
}

/** Queues mail inside the caller's transaction: it exists exactly when the change that caused it does. */
export async function enqueueMail(tx: Tx | Db, mails: OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  await tx.mailOutbox.createMany({ data: mails });
}

export type SendMail = (mail: OutgoingMail) => Promise<void>;

/**
 * Sends the mail that is due. Rows are claimed with FOR UPDATE SKIP LOCKED, so several app
 * processes can run this at once without sending anything twice. A failure is logged and the
 * mail retried later with backoff: never dropped, never in the way of the action that queued it.
 */
export async function deliverPendingMail(
  send: SendMail,
  options: { now?: Date; log?: (line: string) => void } = {},
  client: Db = defaultDb(),
): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? new Date();
  const log = options.log ?? ((line: string) => console.error(line));
  return deliverDue(client, async (tx) => {
    const [due] = await tx.$queryRaw<{ id: string; to: string; subject: string; body: string; attempts: number }[]>`
      SELECT id, "to", subject, body, attempts FROM "MailOutbox"
      WHERE "sentAt" IS NULL AND "nextAttemptAt" <= ${now}
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (!due) return null;
    try {
      await send({ to: due.to, subject: due.subject, body: due.body });
      // The body goes once sent: it may hold a single-use set-password link, which must not stay
      // readable in the database or its backups.
      await tx.mailOutbox.update({
        where: { id: due.id },
        data: { sentAt: new Date(), attempts: due.attempts + 1, lastError: null, body: "" },
      });
      return "sent";
    } catch (error) {
      const attempts = due.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      log(`[mail] sending "${due.subject}" to ${due.to} failed (attempt ${attempts}), will retry: ${message}`);
      await tx.mailOutbox.update({
        where: { id: due.id },
        data: { attempts, lastError: message.slice(0, 1000), nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      });
      return "failed";
    }
  });
}
