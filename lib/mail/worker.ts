import { deliverPendingMail } from "./outbox";
import { smtpSender } from "./smtp";

let running: Promise<unknown> | null = null;
let timer: NodeJS.Timeout | null = null;

/** Delivers due mail now, in the background; overlapping calls share one run. */
export function kickMailDelivery(): void {
  const send = smtpSender();
  if (!send || running) return;
  running = deliverPendingMail(send)
    .catch((error) => console.error(`[mail] delivery run failed: ${error instanceof Error ? error.message : error}`))
    .finally(() => {
      running = null;
    });
}

/** Started once per server process (instrumentation.ts): retries whatever is due. */
export function startMailWorker(): void {
  if (timer || !process.env.SMTP_URL) return;
  const seconds = Number(process.env.MAIL_POLL_SECONDS ?? 15);
  timer = setInterval(kickMailDelivery, Math.max(1, seconds) * 1000);
  timer.unref();
  kickMailDelivery();
}
