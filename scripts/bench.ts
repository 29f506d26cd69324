// `npm run bench`: the 100,000-account benchmark; writes BENCHMARKS.md (body: bench/main.ts, one
// file per section).
import { runCommand } from "./run-command";

await runCommand(() => import("./bench/main"));
