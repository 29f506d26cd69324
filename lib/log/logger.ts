import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import pino, { type Logger } from "pino";
import { config } from "../config";

// One structured logger for the console: JSON lines on stdout (for a log shipper), readable lines
// under `npm run dev` or LOG_FORMAT=pretty. Every line a request causes carries its request id,
// from an AsyncLocalStorage the HTTP server enters per request. The server and Next's bundle may
// each load this module, so both share one store and one logger through globalThis.

export type RequestContext = { requestId: string };

const shared = globalThis as unknown as {
  seatkeeperRequestContext?: AsyncLocalStorage<RequestContext>;
  seatkeeperLogger?: Logger;
};

export const requestContext: AsyncLocalStorage<RequestContext> = (shared.seatkeeperRequestContext ??=
  new AsyncLocalStorage<RequestContext>());

/** Never logged, wherever they appear in a logged object (a test greps a full run's log for secrets). */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  "document",
  "*.document",
  "privateKey",
  "*.privateKey",
];

function createLogger(): Logger {
  const { LOG_FORMAT: format, LOG_LEVEL } = config();
  const options: pino.LoggerOptions = {
    level: LOG_LEVEL,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { requestId: context.requestId } : {};
    },
  };
  if (format === "pretty") {
    // A development dependency: loaded only when asked for.
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => NodeJS.WritableStream;
    return pino(options, pretty({ colorize: process.stdout.isTTY, sync: true, ignore: "pid,hostname" }));
  }
  return pino(options);
}

export const logger: Logger = (shared.seatkeeperLogger ??= createLogger());

/** A request path as it may be logged: single-use tokens in set-password links are cut out. */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0];
  return path.replace(/^\/set-password\/[^/]+/, "/set-password/[token]").slice(0, 300);
}
