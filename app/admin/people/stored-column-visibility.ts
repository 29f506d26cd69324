import { useCallback, useMemo, useSyncExternalStore } from "react";
import type { ColumnVisibilityState, Updater } from "@tanstack/react-table";

// Which columns a list shows, kept in this browser's localStorage so the choice survives reloads.
// The server cannot read it: the server and the first render in the browser show every column,
// and the stored choice applies right after hydration (useSyncExternalStore's server snapshot).

const listeners = new Set<() => void>();
/** Where a choice lives when the browser refuses storage (private windows): for this page only. */
const memory = new Map<string, string>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function read(key: string): string | null {
  try {
    return memory.get(key) ?? window.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function parse(raw: string | null): ColumnVisibilityState {
  try {
    const value: unknown = JSON.parse(raw ?? "{}");
    if (!value || typeof value !== "object") return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === "boolean"));
  } catch {
    return {};
  }
}

export function useStoredColumnVisibility(key: string) {
  const raw = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const visibility = useMemo(() => parse(raw), [raw]);
  const setVisibility = useCallback(
    (updater: Updater<ColumnVisibilityState>) => {
      const next = JSON.stringify(typeof updater === "function" ? updater(parse(read(key))) : updater);
      memory.set(key, next);
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // Storage refused or full: the choice holds until the page is left.
      }
      listeners.forEach((listener) => listener());
    },
    [key],
  );
  return [visibility, setVisibility] as const;
}
