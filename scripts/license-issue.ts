// `npm run license:issue`: the vendor's command that signs license files (body: commands/license-issue.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/license-issue"));
