import "server-only";
import nodemailer from "nodemailer";
import { config } from "../config";
import type { SendMail } from "./outbox";

/** Sends through the server in SMTP_URL (e.g. smtp://user:pass@mail.example.com:587). */
export function smtpSender(url = config().SMTP_URL): SendMail | null {
  if (!url) return null;
  // Short timeouts: a message is sent while its outbox row is locked, and an unreachable server
  // should become a retry, not a stuck transaction.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const from = config().MAIL_FROM;
  return async (mail) => {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.body });
  };
}
