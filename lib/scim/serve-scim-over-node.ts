import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { db as defaultDb, type Db } from "../db/client";
import { scimRequests } from "../metrics/registry";
import { transportSecurityHeaders } from "../server/transport-security";
import { handleScimRequest, SCIM_CONTENT_TYPE } from "./handle-request";
import { offerScimHandler } from "./node-handoff";
import { ScimError } from "./scim-error";

/** What instrumentation.ts calls: the server then sends /scim/v2 requests to serveScimOverNode. */
export function offerScimToServer(): void {
  offerScimHandler((req, res) => serveScimOverNode(req, res));
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The request's URL as the browser or directory used it (the server has set the forwarded headers). */
function requestUrl(req: IncomingMessage): URL {
  const proto = first(req.headers["x-forwarded-proto"])?.split(",")[0].trim() || "http";
  const host = first(req.headers["x-forwarded-host"])?.split(",")[0].trim() || req.headers.host;
  if (!host) throw new ScimError(400, "The request has no Host header.", "invalidSyntax");
  try {
    return new URL(req.url ?? "/", `${proto}://${host}`);
  } catch {
    throw new ScimError(400, "The request's URL or Host header is not valid.", "invalidSyntax");
  }
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

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    } catch {
      // A header value Headers refuses (a control character) is dropped, as Next drops it.
    }
  }
  return headers;
}

async function send(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = head || response.status === 204 || response.status === 304 ? null : Buffer.from(await response.arrayBuffer());
  if (body) headers["content-length"] = String(body.byteLength);
  // What next.config.mjs sets on every response Next serves and applies to JSON.
  headers["x-content-type-options"] = "nosniff";
  res.writeHead(response.status, headers);
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
    let response: Response;
    try {
      const url = requestUrl(req);
      const hasBody = !["GET", "HEAD", "DELETE"].includes(method);
      response = await handleScimRequest(
        {
          method: head ? "GET" : method,
          segments: pathSegments(url),
          url,
          headers: headersOf(req),
          body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
        },
        client ?? defaultDb(),
      );
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      response = new Response(JSON.stringify(error.toJSON()), {
        status: error.status,
        headers: { "content-type": SCIM_CONTENT_TYPE, "cache-control": "no-store", ...transportSecurityHeaders() },
      });
    }
    status = response.status;
    await send(res, response, head);
  } finally {
    scimRequests.inc({ status: String(status) });
  }
}
