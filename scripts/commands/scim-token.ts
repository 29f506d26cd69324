// `npm run scim:token -- --name NAME`: creates a SCIM bearer token and prints it (once).
import { parseArgs } from "node:util";
import { withCommandDatabase } from "../../lib/db/command-database";
import { InvalidInputError } from "../../lib/licensing";
import { createScimToken } from "../../lib/scim/tokens";

const { values } = parseArgs({ options: { name: { type: "string" } }, strict: true });
if (!values.name) {
  console.error("usage: npm run scim:token -- --name NAME");
  process.exit(2);
}
try {
  const created = await withCommandDatabase((client) =>
    createScimToken({ actor: { id: null, label: "scim:token command" }, name: values.name! }, client),
  );
  console.log(created.token);
  console.error(`Token "${created.name}" created; it is not stored in clear, so keep it now.`);
  process.exit(0);
} catch (error) {
  console.error(
    error instanceof InvalidInputError ? error.message : `scim:token failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
