import "server-only";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { config } from "../config";
import { generateVendorKeyPair } from "./license-document";

// The console holds the vendor's public key in configuration: SEATKEEPER_LICENSE_PUBLIC_KEY
// (the PEM text) or SEATKEEPER_LICENSE_PUBLIC_KEY_FILE. The embedded demo instead makes a demo
// key pair on first start, kept beside the data and never committed, so that licenses can be
// issued and applied locally.

export const DEMO_PRIVATE_KEY_FILE = "vendor-demo-private-key.pem";
export const DEMO_PUBLIC_KEY_FILE = "vendor-demo-public-key.pem";

export async function ensureDemoVendorKey(dataDir: string): Promise<{ publicKeyFile: string; privateKeyFile: string }> {
  const privateKeyFile = path.join(dataDir, DEMO_PRIVATE_KEY_FILE);
  const publicKeyFile = path.join(dataDir, DEMO_PUBLIC_KEY_FILE);
  if (!existsSync(privateKeyFile) || !existsSync(publicKeyFile)) {
    const pair = generateVendorKeyPair();
    await writeFile(privateKeyFile, pair.privateKeyPem, { mode: 0o600 });
    await writeFile(publicKeyFile, pair.publicKeyPem);
  }
  return { publicKeyFile, privateKeyFile };
}

let cached: { source: string; pem: string | null } | undefined;

/** The vendor's public key from configuration, or null when none is configured. */
export async function vendorPublicKey(): Promise<string | null> {
  const { SEATKEEPER_LICENSE_PUBLIC_KEY: inline, SEATKEEPER_LICENSE_PUBLIC_KEY_FILE: file } = config();
  if (inline) return inline;
  if (!file) return null;
  if (cached?.source !== file) cached = { source: file, pem: await readFile(file, "utf8").catch(() => null) };
  return cached.pem;
}
