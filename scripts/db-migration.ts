// `npm run db:migration -- <name>`: writes a migration for schema changes (body: commands/db-migration.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/db-migration"));
