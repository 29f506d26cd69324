import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "../config";

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 404 };

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * /metrics is off unless METRICS_TOKEN is set (404, as if it did not exist), and then only for
 * `Authorization: Bearer <METRICS_TOKEN>` (401). Both sides are hashed first, so the comparison
 * is constant-time whatever the lengths.
 */
export function metricsAccess(authorization: string | null, token = config().METRICS_TOKEN): MetricsAccess {
  if (!token) return { ok: false, status: 404 };
  const offered = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(offered), digest(token)) ? { ok: true } : { ok: false, status: 401 };
}
