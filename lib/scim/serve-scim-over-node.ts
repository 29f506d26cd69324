import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { db as defaultDb, type Db } from "../db/client";
import { scimRequests } from "../metrics/registry";
import { publicOrigin } from "../server/public-origin";
import securityHeaders from "../server/security-headers.json";
import { transportSecurityHeaders } from "../server/transport-security";
import { answerScimRequest, SCIM_CONTENT_TYPE, SMALL_REPLY_CHARS, type ScimReply } from "./handle-request";
import { offerScimHandler } from "./node-handoff";
import { ScimError } from "./scim-error";

/** What instrumentation.ts calls: the server then sends /scim/v2 requests to serveScimOverNode. */
export function offerScimToServer(): void {
  offerScimHandler((req, res) => serveScimOverNode(req, res));
}

const gzipped = promisify(gzip);

/** next.config.mjs sends these on every response Next serves. */
const SECURITY_HEADERS = Object.fromEntries(securityHeaders.map(({ key, value }) => [key.toLowerCase(), value]));

/**
 * The request's headers, read as a fetch Headers reads them: what the server left of the
 * client's (it replaced the forwarded ones when no proxy is trusted), a repeated header joined
 * with ", ". Building a Headers (and a web stream for the body, and a Response) cost more CPU
 * per call than the rest of the adaptation.
 */
function headersOf(req: IncomingMessage): Pick<Headers, "get"> {
  return {
    get(name: string) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** The request's URL at the console's public address (lib/server/public-origin.ts, as pages use). */
function requestUrl(req: IncomingMessage, headers: Pick<Headers, "get">): URL {
  const origin = publicOrigin(headers);
  if (!origin) throw new ScimError(400, "The request's Host header is missing or not a host name.", "invalidSyntax");
  return new URL(req.url ?? "/", origin);
}

function pathSegments(url: URL): string[] {
  try {
    return url.pathname
      .replace(/^\/scim\/v2\/?/, "")
      .split("/")
      .filter(Boolean)
      .map(decodeURIComponent);
  } catch {
    throw new ScimError(400, "The request's path is not valid percent-encoding.", "invalidSyntax");
  }
}

async function send(req: IncomingMessage, res: ServerResponse, reply: ScimReply, head: boolean): Promise<void> {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, ...reply.headers };
  let body = head || reply.status === 204 || reply.status === 304 || reply.body === null ? null : Buffer.from(reply.body);
  // Large replies (lists) are compressed as Next compresses them; a single user is not worth it.
  if (body && body.byteLength >= SMALL_REPLY_CHARS && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "")) {
    body = await gzipped(body);
    headers["content-encoding"] = "gzip";
    headers.vary = "Accept-Encoding";
  }
  if (body) headers["content-length"] = String(body.byteLength);
  // A body not read to its end (refused before it was, or too large) leaves the connection in
  // the middle of a request: close it rather than read the rest or leave the next request stuck.
  if (!req.complete) headers.connection = "close";
  res.writeHead(reply.status, headers);
  res.end(body ?? undefined);
}

/**
 * SCIM served by the console's own HTTP server (scripts/commands/serve.ts), not through Next's
 * router. A directory's calls are small JSON requests, hundreds a second during a bulk push, with
 * no page, cookie or session: Next's routing, request copies and web streams around them cost
 * more CPU than the SCIM work itself. This is the same handler the Next route
 * (app/scim/v2/[[...path]]/route.ts, used by `next dev` and `next start`) calls; only the
 * adaptation of the request and response differs.
 *
 * It runs inside Next's bundle (instrumentation.ts hands it to the server: node-handoff.ts), so the
 * database pool, token cache and metrics are the ones the rest of the console uses.
 */
export async function serveScimOverNode(req: IncomingMessage, res: ServerResponse, client?: Db): Promise<void> {
  let status = 500;
  try {
    const method = (req.method ?? "GET").toUpperCase();
    const head = method === "HEAD";
    let reply: ScimReply;
    try {
      const headers = headersOf(req);
      const url = requestUrl(req, headers);
      const hasBody = !["GET", "HEAD", "DELETE"].includes(method);
      reply = await answerScimRequest(
        { method, segments: pathSegments(url), url, headers, body: hasBody ? req : null },
        client ?? defaultDb(),
      );
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      reply = {
        status: error.status,
        body: JSON.stringify(error.toJSON()),
        headers: { "content-type": SCIM_CONTENT_TYPE, "cache-control": "no-store", ...transportSecurityHeaders() },
      };
    }
    status = reply.status;
    await send(req, res, reply, head);
  } finally {
    scimRequests.inc({ status: String(status) });
  }
}
