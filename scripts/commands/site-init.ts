// `npm run site:init -- --license license.json --username NAME --email ADDRESS [--given-name X --family-name Y --primary-area NAME]`
// First start of a real site: applies pending migrations, applies the vendor-signed license
// (verified with SEATKEEPER_LICENSE_PUBLIC_KEY[_FILE]; a site with no license yet takes its site id
// from it), creates the primary area and the first administrator (sysadmin and People
// administrator) with a one-time password, printed once and to be changed at the first sign-in.
// It reaches DATABASE_URL, else the running console's embedded database, else the embedded
// database started just for it (run it before the first `npm start` for a real embedded site).
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ensurePrimaryArea } from "../../lib/areas/manage-areas";
import { generateOneTimePassword } from "../../lib/accounts/reset-password";
import { withCommandDatabase } from "../../lib/db/command-database";
import { LicensingError, applyLicenseDocument, createAccount, newAccountSchema, type Actor } from "../../lib/licensing";
import { parseInput } from "../../lib/licensing/validate";

const USAGE =
  "usage: npm run site:init -- --license license.json --username NAME --email ADDRESS [--given-name X] [--family-name Y] [--primary-area Intranet]";

function parseCommandLine() {
  try {
    const { values } = parseArgs({
      options: {
        license: { type: "string" },
        username: { type: "string" },
        email: { type: "string" },
        "given-name": { type: "string", default: "Site" },
        "family-name": { type: "string", default: "Administrator" },
        "primary-area": { type: "string", default: "Intranet" },
      },
      strict: true,
    });
    if (values.license && values.username && values.email)
      return values as typeof values & { license: string; username: string; email: string };
  } catch (error) {
    console.error(`site:init: ${(error as Error).message}`);
  }
  console.error(USAGE);
  process.exit(2);
}

const values = parseCommandLine();
const actor: Actor = { id: null, label: "site:init command" };
const log = (line: string) => console.log(`site:init: ${line}`);

try {
  const document = await readFile(values.license, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(`cannot read the license file ${values.license}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
  // Check the administrator's fields before anything is written, so a typo changes nothing.
  const administrator = parseInput(newAccountSchema.omit({ areaId: true }), {
    username: values.username,
    email: values.email,
    givenName: values["given-name"],
    familyName: values["family-name"],
  });
  const password = generateOneTimePassword();
  const result = await withCommandDatabase(
    async (client) => {
      const existing = await client.account.findFirst({ where: { isSysadmin: true }, select: { username: true } });
      if (existing) {
        throw new Error(`this site is set up already (sysadmin "${existing.username}"): sign in and manage it in the console.`);
      }
      const inForce = await client.license.findUnique({ where: { id: 1 } });
      // A first run that stopped after the license (say, on a clashing e-mail) may be run again.
      const sameLicense = inForce?.document?.trim() === document.trim();
      const license = sameLicense && inForce ? inForce : await applyLicenseDocument({ actor, document }, client);
      const area = await ensurePrimaryArea({ actor, name: values["primary-area"] }, client);
      const account = await createAccount(
        {
          actor,
          source: "SEED",
          mustChangePassword: true,
          account: { ...administrator, areaId: area.id, password, isSysadmin: true, isPeopleAdmin: true },
        },
        client,
      );
      return { license, area, account };
    },
    { migrate: true, log },
  );
  const { license, area, account } = result;
  log(
    `license ${license.licenseId} applied for site "${license.siteId}" (Max_Users ${license.maxUsers}, Max_extranet_users ${license.maxExtranetUsers}).`,
  );
  log(`primary area: ${area.name}.`);
  log(`administrator ${account.username} created (sysadmin and People administrator).`);
  log(`one-time password (shown once; it must be changed at the first sign-in): ${password}`);
  process.exit(0);
} catch (error) {
  const message = error instanceof LicensingError || error instanceof Error ? error.message : undefined;
  console.error(`site:init: ${message || String(error)}`);
  process.exit(1);
}
