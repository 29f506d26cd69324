import "server-only";
import { isIP } from "node:net";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { Client, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from "ldapts";
import type { LdapConnectionSettings } from "./settings";

/** How long connecting, StartTLS, a bind or one search page may take before we give up. */
export const LDAP_TIMEOUT_MS = 10_000;

/**
 * A refusal or failure talking to the directory, worded for the sysadmin (settings page, run
 * record). `kind` tells sign-in apart: an unreachable directory is not a wrong password.
 */
export class LdapError extends Error {
  override name = "LdapError";
  constructor(
    readonly kind: "unreachable" | "tls" | "bind" | "search" | "config",
    message: string,
  ) {
    super(message);
  }
}

type Connectable = Pick<LdapConnectionSettings, "url" | "caCertificate">;

/** A TLS error code from Node's TLS layer, as words. */
function tlsWords(code: string, message: string): string | null {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME|HOSTNAME/i.test(code)) {
    return `the server's certificate is not trusted (${code}: ${message}). Give the CA certificate that signed it, and check the host name in the address is one the certificate names.`;
  }
  if (/EPROTO|SSL|TLS/i.test(code)) return `the TLS handshake failed (${code}: ${message}).`;
  return null;
}

/** Turns what ldapts or the socket threw into an LdapError naming the server and what to check. */
export function explainLdapError(error: unknown, url: string, step: "connect" | "starttls" | "bind" | "search"): LdapError {
  if (error instanceof LdapError) return error;
  const err = error as NodeJS.ErrnoException & { code?: string | number };
  const code = typeof err?.code === "string" ? err.code : "";
  const message = err instanceof Error ? err.message : String(error);
  if (error instanceof InvalidCredentialsError) {
    return new LdapError(
      "bind",
      `The directory at ${url} refused the bind DN and password (invalid credentials). Check both in the settings.`,
    );
  }
  const tls = tlsWords(code, message);
  if (tls) return new LdapError("tls", `Cannot connect securely to ${url}: ${tls}`);
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EAI_AGAIN", "EPIPE"].includes(code)) {
    return new LdapError(
      "unreachable",
      `The directory at ${url} is unreachable (${code}). Check the address and port, and that the server runs.`,
    );
  }
  if (/timeout|timed out/i.test(message) || err?.name === "TimeoutError") {
    return new LdapError(
      "unreachable",
      `The directory at ${url} did not answer within ${LDAP_TIMEOUT_MS / 1000} s (${step}). Check the address, port and firewall.`,
    );
  }
  if (/connection closed|socket|connect/i.test(message) && step !== "search") {
    return new LdapError("unreachable", `The directory at ${url} closed the connection (${step}): ${message}.`);
  }
  if (error instanceof NoSuchObjectError && step === "search") {
    return new LdapError("search", `The directory at ${url} has no entry at the base DN (${message}). Check the base DN in the settings.`);
  }
  if (error instanceof ResultCodeError) {
    const what = step === "search" ? "search" : step === "starttls" ? "StartTLS" : "bind";
    return new LdapError(
      step === "search" ? "search" : "bind",
      `The directory at ${url} refused the ${what}: ${message} (LDAP result ${error.code}).`,
    );
  }
  return new LdapError(step === "search" ? "search" : "unreachable", `Talking to the directory at ${url} failed (${step}): ${message}.`);
}

/**
 * Opens a connection that is always encrypted: ldaps://, or ldap:// upgraded with StartTLS before
 * anything is sent. The certificate is checked against the given CA (else the system's).
 */
export async function connectLdap(settings: Connectable): Promise<Client> {
  const url = new URL(settings.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const tlsOptions = {
    ...(settings.caCertificate ? { ca: [settings.caCertificate] } : {}),
    // SNI takes host names only; the certificate is checked against the address's host either way
    // (over StartTLS, Node would otherwise check it against "localhost").
    ...(isIP(host) ? {} : { servername: host }),
    checkServerIdentity: (_: string, cert: PeerCertificate) => checkServerIdentity(host, cert),
    minVersion: "TLSv1.2" as const,
  };
  const client = new Client({
    url: settings.url.replace(/\/$/, ""),
    timeout: LDAP_TIMEOUT_MS,
    connectTimeout: LDAP_TIMEOUT_MS,
    ...(url.protocol === "ldaps:" ? { tlsOptions } : {}),
  });
  if (url.protocol === "ldap:") {
    try {
      await client.startTLS(tlsOptions);
    } catch (error) {
      await client.unbind().catch(() => {});
      throw explainLdapError(error, settings.url, "starttls");
    }
  }
  return client;
}

/** A connection bound as `dn`, or an LdapError. The caller unbinds it. */
export async function bindLdap(settings: Connectable, dn: string, password: string): Promise<Client> {
  // An empty password would be an "unauthenticated bind", which many servers accept as anonymous.
  if (!password) throw new LdapError("bind", "An empty password cannot bind to the directory.");
  const client = await connectLdap(settings);
  try {
    await client.bind(dn, password);
    return client;
  } catch (error) {
    await client.unbind().catch(() => {});
    throw explainLdapError(error, settings.url, "bind");
  }
}

/** The service account's connection (the bind DN and password of the settings). */
export function bindService(settings: Pick<LdapConnectionSettings, "url" | "caCertificate" | "bindDn" | "bindPassword">): Promise<Client> {
  return bindLdap(settings, settings.bindDn, settings.bindPassword);
}
