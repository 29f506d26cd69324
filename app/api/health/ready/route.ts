import { checkReadiness } from "@/lib/health/readiness";

export const dynamic = "force-dynamic";

/** GET /api/health/ready: 200 when this process can take traffic, 503 with the failing checks when not. */
export async function GET() {
  const { ready, checks } = await checkReadiness();
  return Response.json(
    { status: ready ? "ready" : "not ready", checks },
    { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
