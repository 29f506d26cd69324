// `npm start`: the console on its database (body: commands/start.ts).
import { runCommand } from "./run-command";

await runCommand(() => import("./commands/start"));
