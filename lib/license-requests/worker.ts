import { createPeriodicJob } from "../jobs/periodic-job";
import { smtpSender } from "../mail/smtp";
import { deliverLicenseRequests } from "./deliver-license-requests";

const job = createPeriodicJob(
  "license-request",
  () => deliverLicenseRequests({ sendMail: smtpSender() }),
  () => Number(process.env.LICENSE_REQUEST_POLL_SECONDS ?? 15) * 1000,
);

export const kickLicenseRequestDelivery = job.kick;
export const startLicenseRequestWorker = job.start;
