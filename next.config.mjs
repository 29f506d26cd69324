/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
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
