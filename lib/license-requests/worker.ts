import "server-only";
import { config } from "../config";
import { createPeriodicJob } from "../jobs/periodic-job";
import { smtpSender } from "../mail/smtp";
import { deliverLicenseRequests } from "./deliver-license-requests";

const job = createPeriodicJob(
  "license-request",
  () => deliverLicenseRequests({ sendMail: smtpSender() }),
  () => config().LICENSE_REQUEST_POLL_SECONDS * 1000,
);

export const kickLicenseRequestDelivery = job.kick;
export const startLicenseRequestWorker = job.start;
