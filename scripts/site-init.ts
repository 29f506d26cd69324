// `npm run site:init -- --license FILE ...`: first start of a real site (body: commands/site-init.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/site-init"));
