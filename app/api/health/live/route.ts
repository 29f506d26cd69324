export const dynamic = "force-dynamic";

/** GET /api/health/live: the process answers. Nothing else is checked (a restart would not fix it). */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
