import { metricsAccess } from "@/lib/metrics/access";
import { renderMetrics } from "@/lib/metrics/collect";
import { registry } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

function refuse(status: 401 | 404) {
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="seatkeeper-metrics"';
  return new Response(status === 404 ? "Not found\n" : "A valid bearer token is required (METRICS_TOKEN).\n", { status, headers });
}

/** GET /metrics: Prometheus text format, for a scraper holding METRICS_TOKEN. */
export async function GET(request: Request) {
  const access = metricsAccess(request.headers.get("authorization"));
  if (!access.ok) return refuse(access.status);
  return new Response(await renderMetrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
