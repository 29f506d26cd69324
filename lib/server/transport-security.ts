import { config } from "../config";

/**
 * HSTS when the console's public address is https, so a browser never tries plain http again.
 * Set by proxy.ts on pages and actions, and by the SCIM API itself (the proxy skips /scim).
 */
export function transportSecurityHeaders(): Record<string, string> {
  return config().SEATKEEPER_URL?.startsWith("https://") ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {};
}
