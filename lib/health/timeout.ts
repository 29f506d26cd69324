/** Thrown by withTimeout: the work did not settle in time (it is left to finish or fail on its own). */
export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** A probe must answer quickly even when the database hangs (a black-holed host, a full pool). */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    // The losing promise may still reject later: keep that from becoming an unhandled rejection.
    work.catch(() => undefined);
  }
}

/**
 * A short, safe description of a database failure for public output: the driver adapter's kind
 * (DatabaseNotReachable, AuthenticationFailed…) or else the most specific error code found
 * (ECONNREFUSED, 28P01, P2010…), never a message, which may carry hosts or user names.
 */
export function failureCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  let level: unknown[] = [error];
  let deepest: string | null = null;
  while (level.length) {
    const next: unknown[] = [];
    for (const e of level) {
      if (!e || typeof e !== "object" || seen.has(e)) continue;
      seen.add(e);
      const o = e as Record<string, unknown>;
      if (typeof o.kind === "string" && /^[A-Za-z]{3,40}$/.test(o.kind)) return o.kind;
      for (const key of ["originalCode", "code"]) {
        const value = o[key];
        if (typeof value === "string" && /^[A-Z0-9_]{2,24}$/.test(value)) deepest = value;
      }
      next.push(o.cause, ...(o.meta && typeof o.meta === "object" ? Object.values(o.meta) : []));
      if (Array.isArray(o.errors)) next.push(...o.errors);
    }
    level = next;
  }
  return deepest;
}
