import { config } from "../config";

/**
 * The address browsers reach the console at: SEATKEEPER_URL when set, else the host and scheme
 * of the request (which the console's own server sets from the connection, or a trusted proxy
 * from the browser's request). Next's own request URLs say "localhost", which is wrong for
 * anyone browsing from another machine.
 */
export function publicOrigin(headers: Pick<Headers, "get">): string | null {
  const { SEATKEEPER_URL } = config();
  if (SEATKEEPER_URL) return new URL(SEATKEEPER_URL).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host || !/^[A-Za-z0-9.:[\]-]+$/.test(host)) return null;
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

/** The same request, addressed to the public origin (for Auth.js, which builds redirects from it). */
export function withPublicOrigin(request: Request): Request {
  const origin = publicOrigin(request.headers);
  if (!origin) return request;
  const url = new URL(request.url);
  const publicUrl = new URL(url.pathname + url.search, origin);
  return publicUrl.href === url.href ? request : new Request(publicUrl, request);
}
