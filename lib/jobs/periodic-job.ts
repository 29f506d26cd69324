/**
 * Background work owned by a server process: runs every `everyMs`, and at once when kicked
 * (e.g. right after a request queued something). Overlapping runs are skipped, failures logged.
 * Safe with several processes because each job claims its rows with FOR UPDATE SKIP LOCKED.
 *
 * Each job also keeps, in memory and per process, whether it was started and how its last run
 * went, for /api/health/ready and /metrics.
 */

export type PeriodicJobStatus = {
  name: string;
  /** start() was called in this process (its timer runs). */
  started: boolean;
  /** The timer's period, known once started. */
  intervalMs: number | null;
  /** A run is in progress. */
  running: boolean;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
  lastSucceededAt: Date | null;
  /** The last failure's message (kept for the server's own use: may name hosts, never shown publicly). */
  lastError: string | null;
  lastFailedAt: Date | null;
  /** Runs finished (successfully or not) and failed, since the process started. */
  runs: number;
  failures: number;
};

type JobState = Omit<PeriodicJobStatus, "running"> & { inFlight: number; stoppers: Set<() => Promise<void>> };

// On globalThis: Next may load this module more than once (the instrumentation hook and each route
// bundle, or again after a reload), and a route must see the jobs instrumentation.ts started.
const shared = globalThis as unknown as { seatkeeperPeriodicJobs?: Map<string, JobState> };
const jobs = (shared.seatkeeperPeriodicJobs ??= new Map<string, JobState>());

function stateOf(name: string): JobState {
  let state = jobs.get(name);
  if (!state) {
    state = {
      name,
      started: false,
      intervalMs: null,
      inFlight: 0,
      lastStartedAt: null,
      lastFinishedAt: null,
      lastDurationMs: null,
      lastSucceededAt: null,
      lastError: null,
      lastFailedAt: null,
      runs: 0,
      failures: 0,
      stoppers: new Set(),
    };
    jobs.set(name, state);
  }
  return state;
}

function snapshot(state: JobState): PeriodicJobStatus {
  const { inFlight, stoppers, ...rest } = state;
  void stoppers; // internal: not part of the status
  return { ...rest, running: inFlight > 0 };
}

/** Every job created in this process, started or not. */
export function periodicJobStatuses(): PeriodicJobStatus[] {
  return [...jobs.values()].map(snapshot);
}

export function periodicJobStatus(name: string): PeriodicJobStatus | null {
  const state = jobs.get(name);
  return state ? snapshot(state) : null;
}

/** Stops every started job's timer and waits for the runs in progress (on shutdown). */
export async function stopPeriodicJobs(): Promise<void> {
  await Promise.all([...jobs.values()].flatMap((state) => [...state.stoppers].map((stop) => stop())));
}

export function createPeriodicJob(name: string, run: () => Promise<unknown>, everyMs: () => number) {
  const state = stateOf(name);
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const kick = () => {
    if (running) return;
    const startedAt = new Date();
    state.inFlight++;
    state.lastStartedAt = startedAt;
    running = run()
      .then(
        () => {
          state.lastSucceededAt = new Date();
        },
        (error) => {
          const message = error instanceof Error ? error.message : String(error);
          state.failures++;
          state.lastError = message.slice(0, 1000);
          state.lastFailedAt = new Date();
          console.error(`[${name}] run failed: ${message}`);
        },
      )
      .finally(() => {
        const finishedAt = new Date();
        state.inFlight--;
        state.runs++;
        state.lastFinishedAt = finishedAt;
        state.lastDurationMs = finishedAt.getTime() - startedAt.getTime();
        running = null;
      });
  };
  const stop = async () => {
    if (timer) clearInterval(timer);
    timer = null;
    state.stoppers.delete(stop);
    state.started = state.stoppers.size > 0;
    await running;
  };
  const start = () => {
    if (timer) return;
    const intervalMs = Math.max(1000, everyMs());
    timer = setInterval(kick, intervalMs);
    timer.unref();
    state.started = true;
    state.intervalMs = intervalMs;
    state.stoppers.add(stop);
    kick();
  };
  return { kick, start, stop, status: () => snapshot(state) };
}
