import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { config } from "../config";

// The device cookie (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): after a
// successful sign-in, the browser keeps a signed note "this device signed in as <user name>".
// Failed sign-ins from a browser holding it count against that device, not against the account,
// so strangers locking the account out do not lock its owner out of their own browser.

export const DEVICE_COOKIE = "seatkeeper-device";
export const DEVICE_COOKIE_MAX_AGE = 365 * 24 * 3600;

function secret(): string {
  const value = config().AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is not set");
  return value;
}

const sign = (payload: string) => createHmac("sha256", `device-cookie:${secret()}`).update(payload).digest("base64url");

/** A new device cookie value for a user name. */
export function issueDeviceCookie(username: string): string {
  const payload = Buffer.from(JSON.stringify({ u: username, n: randomBytes(12).toString("base64url") })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The device's id when the cookie is genuine and was issued for this user name, else null. */
export function deviceFor(cookieValue: string | null | undefined, username: string): string | null {
  if (!cookieValue || cookieValue.length > 500) return null;
  const [payload, signature] = cookieValue.split(".");
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { u, n } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { u?: unknown; n?: unknown };
    return u === username && typeof n === "string" ? n : null;
  } catch {
    return null;
  }
}

/** A cookie header's value for one cookie name. */
export function cookieValue(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null; // a malformed cookie is no cookie
    }
  }
  return null;
}
