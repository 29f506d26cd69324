// `npm run scim:token -- --name NAME`: creates a SCIM bearer token (body: commands/scim-token.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/scim-token"));
