// `npm run db:seed`: loads the demo data (body: commands/db-seed.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/db-seed"));
