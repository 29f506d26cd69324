// Every command (scripts/<name>.ts) is two lines that run its body (scripts/commands/<name>.ts)
// through runCommand, because two things must happen before the body's imports load:
// - the server-only hook is registered: lib modules that reach the database start with
//   `import "server-only"`, and Node resolves a module's static imports before running any of it;
// - the configuration is checked: a wrong value stops the command with its one sentence
//   (lib/config.ts), no stack trace, before a database is started or a module reads it.
import "./register-server-only.mjs";
import { config, ConfigError } from "../lib/config";

export async function runCommand(body: () => Promise<unknown>): Promise<void> {
  try {
    config();
    await body();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
