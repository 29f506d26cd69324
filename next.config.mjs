// Next.js hydrates with inline scripts, hence 'unsafe-inline' for scripts and styles; everything
// else is limited to this origin, and no other site may frame the console.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
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
