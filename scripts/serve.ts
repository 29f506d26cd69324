// The console's HTTP server, started by scripts/start.ts (body: commands/serve.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/serve"));
