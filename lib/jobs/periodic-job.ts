/**
 * Background work owned by a server process: runs every `everyMs`, and at once when kicked
 * (e.g. right after a request queued something). Overlapping runs are skipped, failures logged.
 * Safe with several processes because each job claims its rows with FOR UPDATE SKIP LOCKED.
 */
export function createPeriodicJob(name: string, run: () => Promise<unknown>, everyMs: () => number) {
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const kick = () => {
    if (running) return;
    running = run()
      .catch((error) => console.error(`[${name}] run failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
      });
  };
  const start = () => {
    if (timer) return;
    timer = setInterval(kick, Math.max(1000, everyMs()));
    timer.unref();
    kick();
  };
  return { kick, start };
}
