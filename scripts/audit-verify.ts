// `npm run audit:verify`: walks the audit chain and reports the first altered or missing event,
// or that all of them verify (body: commands/audit-verify.ts). Exit 0 when it verifies, 1 if not.
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/audit-verify"));
