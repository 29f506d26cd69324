import "server-only";
import { config } from "../config";
import { createPeriodicJob } from "../jobs/periodic-job";
import { deliverPendingMail } from "./outbox";
import { smtpSender } from "./smtp";

const job = createPeriodicJob(
  "mail",
  async () => {
    const send = smtpSender();
    if (send) await deliverPendingMail(send);
  },
  () => config().MAIL_POLL_SECONDS * 1000,
);

/** Delivers due mail now, in the background. */
export function kickMailDelivery(): void {
  if (config().SMTP_URL) job.kick();
}

/** Started once per server process (instrumentation.ts): retries whatever is due. */
export function startMailWorker(): void {
  if (config().SMTP_URL) job.start();
}
