// `npm run db:migrate`: applies pending migrations (body: commands/db-migrate.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/db-migrate"));
