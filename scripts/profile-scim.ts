// `npx tsx scripts/profile-scim.ts`: one SCIM create and one PATCH, statement by statement, for
// diagnosis (body: bench/profile-scim.ts; PROFILE_ACCOUNTS, PROFILE_CPU=<file prefix>).
import { runCommand } from "./run-command";

await runCommand(() => import("./bench/profile-scim"));
