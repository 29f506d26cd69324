// Lets plain Node (our commands, Playwright's specs) import lib modules marked `import "server-only"`.
// Only imports resolved after this module ran are covered, hence scripts/run-command.ts.
import { register } from "node:module";

register("./server-only-hook.mjs", import.meta.url);
