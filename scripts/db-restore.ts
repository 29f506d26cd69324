// `npm run db:restore -- FILE`: restores a backup into an empty database (body: commands/db-restore.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/db-restore"));
