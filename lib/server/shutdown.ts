// Work to finish before the process exits (periodic jobs, database pools). Kept on globalThis: the
// HTTP server and Next's bundle may each load this module, and both must see the same list.

type Hook = { name: string; run: () => Promise<void> | void };
const shared = globalThis as unknown as { seatkeeperShutdownHooks?: Hook[] };
const hooks = (shared.seatkeeperShutdownHooks ??= []);

export function onShutdown(name: string, run: Hook["run"]): void {
  hooks.push({ name, run });
}

/** Runs every hook, newest first, each at most a few seconds; one failing does not stop the rest. */
export async function runShutdownHooks(timeoutMs = 5_000): Promise<void> {
  for (const hook of [...hooks].reverse()) {
    await Promise.race([Promise.resolve().then(hook.run), new Promise((r) => setTimeout(r, timeoutMs).unref())]).catch(() => undefined);
  }
}
