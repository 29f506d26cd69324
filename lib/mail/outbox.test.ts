import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { findFreePort } from "../db/embedded-postgres";
import { createSite, createTestDatabase, person, type TestDatabase } from "../../test/database";
import { createAccount } from "../licensing";
import { deliverPendingMail } from "./outbox";
import { smtpSender } from "./smtp";

// "Pool is full" mail goes to a real SMTP server on 127.0.0.1, not a mock transport.

type Received = { from: string; to: string[]; data: string };
let t: TestDatabase;
let port: number;
let server: SMTPServer | null = null;
const inbox: Received[] = [];
const actor = { id: null, label: "test" };

async function startSmtp(): Promise<void> {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk) => (data += chunk.toString()));
      stream.on("end", () => {
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
}
async function stopSmtp(): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
}

beforeAll(async () => {
  t = await createTestDatabase();
  port = await findFreePort();
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
});
afterEach(async () => stopSmtp());
afterAll(async () => {
  delete process.env.SMTP_URL;
  await t.close();
});

it("queues the pool-full mail in the filling transaction, survives a mail server that is down, and delivers it once it is up", async () => {
  const { intranet } = await createSite(t.db, { maxUsers: 3, maxExtranetUsers: 0 });
  const admin = await createAccount(
    { actor, source: "SEED", account: person(intranet.id, { isPeopleAdmin: true, email: "pa@example.test" }) },
    t.db,
  );
  await createAccount({ actor, source: "FORM", account: person(intranet.id) }, t.db);
  await createAccount({ actor, source: "FORM", account: person(intranet.id) }, t.db); // 3 of 3: full
  const queued = await t.db.mailOutbox.findMany();
  expect(queued.map((m) => m.to)).toEqual(["pa@example.test"]);
  expect(queued[0].subject).toMatch(/License limit reached/);
  expect(admin.isPeopleAdmin).toBe(true);

  // Server down: the attempt fails, is logged and kept for a later retry.
  const logged: string[] = [];
  const send = smtpSender()!;
  const now = new Date();
  expect(await deliverPendingMail(send, { now, log: (l) => logged.push(l) }, t.db)).toEqual({ sent: 0, failed: 1 });
  const afterFailure = await t.db.mailOutbox.findFirstOrThrow();
  expect(afterFailure).toMatchObject({ sentAt: null, attempts: 1 });
  expect(afterFailure.lastError).toMatch(/ECONNREFUSED|connect/i);
  expect(afterFailure.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
  expect(logged[0]).toMatch(/will retry/);
  // Not due yet: nothing is tried again.
  expect(await deliverPendingMail(send, { now, log: () => {} }, t.db)).toEqual({ sent: 0, failed: 0 });

  await startSmtp();
  const later = new Date(afterFailure.nextAttemptAt.getTime() + 1);
  expect(await deliverPendingMail(send, { now: later }, t.db)).toEqual({ sent: 1, failed: 0 });
  expect(inbox).toHaveLength(1);
  expect(inbox[0].to).toEqual(["pa@example.test"]);
  const text = inbox[0].data.replace(/=\r?\n/g, "");
  expect(text).toMatch(/Max_Users/);
  expect(text).toMatch(/3 of 3 seats/);
  expect(text).toMatch(/block or delete accounts/);
  expect(text).toMatch(/request more licenses/);
  expect((await t.db.mailOutbox.findFirstOrThrow()).sentAt).toBeInstanceOf(Date);
  // Sent once: another run sends nothing.
  expect(await deliverPendingMail(send, { now: later }, t.db)).toEqual({ sent: 0, failed: 0 });
});
