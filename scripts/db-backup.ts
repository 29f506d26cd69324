// `npm run db:backup -- --out FILE`: an online backup of the database (body: commands/db-backup.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/db-backup"));
