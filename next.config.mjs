import { readFileSync } from "node:fs";

// The Content-Security-Policy (with a per-request script nonce) and HSTS are set in proxy.ts,
// at request time; these headers are the same for every response. The console's own server sends
// them on the SCIM replies it answers itself (lib/scim/serve-scim-over-node.ts), from the same file.
const securityHeaders = JSON.parse(readFileSync(new URL("./lib/server/security-headers.json", import.meta.url), "utf8"));

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
  // `next dev` opened at 127.0.0.1 otherwise blocks its own server actions.
  allowedDevOrigins: ["127.0.0.1"],
  experimental: {
    // forbidden() in pages and actions: a real 403 for signed-in users without the role.
    authInterrupts: true,
    // A CSV import is sent to a server action; lib/people/import caps the file at 5 MB.
    serverActions: { bodySizeLimit: "6mb" },
  },
};

export default nextConfig;
