import { NextResponse, type NextRequest } from "next/server";
// Named apart from the `config` Next reads from this file (the matcher, below).
import { config as consoleConfig } from "@/lib/config";
import { transportSecurityHeaders } from "@/lib/server/transport-security";

// Runs before every page, action and route but the SCIM API (Next 16's proxy, formerly middleware):
// - a Content-Security-Policy with a fresh nonce per request, so scripts need no 'unsafe-inline'
//   (Next reads the nonce from the request's CSP header and puts it on its own inline scripts);
// - HSTS when the console's public address is https;
// - server-action posts larger than the actions accept are refused here with a 413 and a
//   sentence, and posts from another site with a 403, before Next turns either into a 500.

/** Server actions accept bodies up to this size (next.config.mjs: serverActions.bodySizeLimit). */
const MAX_ACTION_BODY_BYTES = 6 * 1024 * 1024;

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    // `next dev` evaluates its modules; a production build never needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${consoleConfig().NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    // React writes style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

export function proxy(request: NextRequest) {
  // A browser's post from another site (Next refuses such server actions too, but as a 500). Clients
  // that are not browsers (SCIM directories) send no Origin header and are not concerned.
  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers.get("origin");
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (origin && hostOf(origin) !== host) {
      return new NextResponse("This request came from another site, so it was refused.\n", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
  }
  if (request.method === "POST" && request.headers.has("next-action")) {
    if (!request.headers.has("content-length")) {
      // Browsers always send the length; without it the size cannot be checked before reading.
      return new NextResponse("Send the request with a Content-Length.\n", {
        status: 411,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > MAX_ACTION_BODY_BYTES) {
      return new NextResponse(
        `This request is too large (${Math.ceil(length / 1024 / 1024)} MB): the console accepts at most 6 MB. Import files are limited to 5 MB: split the file.\n`,
        {
          status: 413,
          headers: { "content-type": "text/plain; charset=utf-8" },
        },
      );
    }
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  for (const [name, value] of Object.entries(transportSecurityHeaders())) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not for static files: they carry no inline scripts and need no nonce. Not for the SCIM API
  // either: JSON for directories, not browsers (no page, no action, a bearer token instead of a
  // cookie), and this step cost each of a directory's thousands of calls a copy of the request.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|scim/).*)" }],
};
