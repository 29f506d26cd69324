// `npm run site:init -- --license license.json --username NAME --email ADDRESS [--given-name X --family-name Y]`
// First start of a real site (DATABASE_URL, no demo data): applies the vendor-signed license
// (verified with SEATKEEPER_LICENSE_PUBLIC_KEY[_FILE]), creates the primary area, and creates the
// first administrator (sysadmin and People administrator) with a generated password, printed once.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { withCommandDatabase } from "../lib/db/command-database";
import { LicensingError, applyLicenseDocument, createAccount } from "../lib/licensing";

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
if (!values.license || !values.username || !values.email) {
  console.error("usage: npm run site:init -- --license license.json --username NAME --email ADDRESS [--given-name X] [--family-name Y] [--primary-area Intranet]");
  process.exit(2);
}
const actor = { id: null, label: "site:init command" };
try {
  const document = await readFile(values.license, "utf8");
  const password = randomBytes(12).toString("base64url");
  const result = await withCommandDatabase(async (client) => {
    const license = await applyLicenseDocument({ actor, document }, client);
    const area =
      (await client.area.findFirst({ where: { pool: "PRIMARY" } })) ??
      (await client.area.create({ data: { name: values["primary-area"]!, pool: "PRIMARY" } }));
    const account = await createAccount(
      {
        actor,
        source: "SEED",
        account: {
          username: values.username!,
          email: values.email!,
          givenName: values["given-name"]!,
          familyName: values["family-name"]!,
          areaId: area.id,
          password,
          isSysadmin: true,
          isPeopleAdmin: true,
        },
      },
      client,
    );
    return { license, account };
  });
  console.log(`License ${result.license.licenseId} applied (Max_Users ${result.license.maxUsers}, Max_extranet_users ${result.license.maxExtranetUsers}).`);
  console.log(`Administrator ${result.account.username} created. Password (shown once, change it after signing in): ${password}`);
  process.exit(0);
} catch (error) {
  console.error(`site:init: ${error instanceof LicensingError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
