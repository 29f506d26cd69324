// The Content-Security-Policy (with a per-request script nonce) and HSTS are set in proxy.ts,
// at request time; these headers are the same for every response.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

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
