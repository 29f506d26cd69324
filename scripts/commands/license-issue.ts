// The vendor's command: issues a license file signed with the vendor's Ed25519 private key.
//
//   npm run license:issue -- --generate-key vendor.pem
//       writes a new key pair: vendor.pem (private, keep it secret) and vendor.pub.pem (give the
//       public key to sites: SEATKEEPER_LICENSE_PUBLIC_KEY_FILE)
//   npm run license:issue -- --key vendor.pem --site SITE --licensee NAME --max-users N
//       [--max-extranet-users N] [--expires YYYY-MM-DD|never] [--license-id ID]
//       [--issued ISO-DATE-TIME] [--out FILE]
//       prints the license (or writes it to FILE)
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { generateVendorKeyPair, licenseTermsSchema, signLicense } from "../../lib/license-file/license-document";

function fail(message: string): never {
  console.error(`license:issue: ${message}\nRun with --help for the flags.`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    "generate-key": { type: "string" },
    key: { type: "string" },
    site: { type: "string" },
    licensee: { type: "string" },
    "max-users": { type: "string" },
    "max-extranet-users": { type: "string", default: "0" },
    expires: { type: "string", default: "never" },
    "license-id": { type: "string" },
    issued: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean" },
  },
  strict: true,
});

if (values.help) {
  console.log(
    (await readFile(new URL(import.meta.url), "utf8"))
      .split("\n")
      .filter((l) => l.startsWith("//"))
      .map((l) => l.slice(3))
      .join("\n"),
  );
  process.exit(0);
}

if (values["generate-key"]) {
  const file = values["generate-key"];
  const pair = generateVendorKeyPair();
  await writeFile(file, pair.privateKeyPem, { mode: 0o600, flag: "wx" }).catch(() => fail(`${file} exists already: not overwriting a key`));
  const pub = file.replace(/\.pem$/, "") + ".pub.pem";
  await writeFile(pub, pair.publicKeyPem);
  console.log(`private key: ${file} (keep it secret)\npublic key:  ${pub} (give it to sites)`);
  process.exit(0);
}

const number = (flag: string, value: string | undefined) => {
  if (value === undefined) fail(`--${flag} is required`);
  if (!/^\d+$/.test(value)) fail(`--${flag} must be a whole number, not "${value}"`);
  return Number(value);
};
if (!values.key) fail("--key (the vendor's private key file) is required");
if (!values.site) fail("--site is required");
if (!values.licensee) fail("--licensee is required");
const expires = values.expires === "never" ? null : values.expires!;
if (expires !== null && Number.isNaN(Date.parse(expires))) fail(`--expires must be a date (YYYY-MM-DD) or "never", not "${expires}"`);
const issued = values.issued ?? new Date().toISOString();
if (Number.isNaN(Date.parse(issued))) fail(`--issued must be a date-time, not "${issued}"`);

const terms = licenseTermsSchema.safeParse({
  licenseId: values["license-id"] ?? `LIC-${randomUUID().slice(0, 8).toUpperCase()}`,
  licensee: values.licensee,
  siteId: values.site,
  maxUsers: number("max-users", values["max-users"]),
  maxExtranetUsers: number("max-extranet-users", values["max-extranet-users"]),
  issuedAt: new Date(issued).toISOString(),
  expiresAt: expires === null ? null : new Date(expires.length === 10 ? `${expires}T23:59:59Z` : expires).toISOString(),
});
if (!terms.success) fail(terms.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
const privateKeyPem = await readFile(values.key, "utf8").catch(() => fail(`cannot read the key file ${values.key}`));
const text = signLicense(terms.data, privateKeyPem);
if (values.out) {
  await writeFile(values.out, text);
  console.error(
    `wrote ${values.out} (${terms.data.licenseId}: Max_Users ${terms.data.maxUsers}, Max_extranet_users ${terms.data.maxExtranetUsers})`,
  );
} else {
  process.stdout.write(text);
}
