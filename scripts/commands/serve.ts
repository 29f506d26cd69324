// The console's HTTP server (started by scripts/start.ts, which owns the database): Next.js in a
// plain Node server, so that the console itself decides
// - who the client is: the socket's address, unless TRUST_PROXY=1 lets a reverse proxy say it;
// - the request id on every log line a request causes, and one access-log line per request;
// - how it stops: on SIGTERM or SIGINT it stops taking connections, lets in-flight requests finish
//   (up to SHUTDOWN_GRACE_SECONDS), stops the periodic jobs, closes its database pools, then exits.
import { randomUUID } from "node:crypto";
import http from "node:http";
import next from "next";
import { config } from "../../lib/config";
import { logger, loggablePath, requestContext } from "../../lib/log/logger";
import { offeredScimHandler, SCIM_PATH } from "../../lib/scim/node-handoff";
import { runShutdownHooks } from "../../lib/server/shutdown";

const { HOST: host, PORT: port, SHUTDOWN_GRACE_SECONDS, TRUST_PROXY: trustProxy } = config();
const graceMs = SHUTDOWN_GRACE_SECONDS * 1000;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

async function main() {
  const app = next({ dev: false, dir: process.cwd(), hostname: host, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  let inFlight = 0;
  let stopping = false;
  const server = http.createServer((req, res) => {
    if (!trustProxy) {
      // Without a trusted proxy, forwarded headers are the client's own words: replace them with
      // what this connection really is, so sign-in limits see the real client and Auth.js builds
      // its redirects on the address the browser used (not Next's own "localhost").
      req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
      req.headers["x-forwarded-host"] = req.headers.host ?? `${host}:${port}`;
      req.headers["x-forwarded-proto"] = "http";
      delete req.headers["x-real-ip"];
    }
    const offered = req.headers["x-request-id"];
    const requestId = trustProxy && typeof offered === "string" && REQUEST_ID.test(offered) ? offered : randomUUID();
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    if (stopping) res.setHeader("connection", "close");
    inFlight++;
    const started = process.hrtime.bigint();
    res.on("close", () => {
      inFlight--;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      requestContext.run({ requestId }, () =>
        logger.info({ method: req.method, path: loggablePath(req.url), status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request"),
      );
      onRequestDone(req.method ?? "GET", req.url, res.statusCode, ms / 1000);
    });
    // SCIM skips Next's router (lib/scim/serve-scim-over-node.ts): Next's bundle offers the handler.
    const scim = SCIM_PATH.test(req.url ?? "") ? offeredScimHandler() : undefined;
    requestContext.run({ requestId }, () => {
      (scim ? scim(req, res) : handle(req, res)).catch((error: unknown) => {
        logger.error({ err: error }, "request failed");
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  logger.info({ host, port }, "console listening");

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight }, "stopping: no new connections, waiting for requests in flight");
    server.close();
    server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (inFlight > 0) logger.warn({ inFlight }, "grace period over: closing the remaining connections");
    server.closeAllConnections();
    await runShutdownHooks();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** HTTP durations for /metrics, by route pattern (ids and tokens folded). */
function onRequestDone(method: string, url: string | undefined, status: number, seconds: number) {
  const observe = (
    globalThis as { seatkeeperObserveHttp?: (labels: { method: string; route: string; status: string }, seconds: number) => void }
  ).seatkeeperObserveHttp;
  if (!observe) return;
  const route = loggablePath(url)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ":id")
    .replace(/^\/_next\/.*/, "/_next/*");
  observe({ method, route, status: String(status) }, seconds);
}

main().catch((error) => {
  logger.fatal({ err: error }, "the console could not start");
  process.exit(1);
});
