/**
 * Who performs an operation, as the audit trail records it. `id` is the acting account, or null
 * for the system (seed, directory sync, scheduled jobs).
 */
export type Actor = { id: string | null; label: string };

export const SEED_ACTOR: Actor = { id: null, label: "seed" };
export const DIRECTORY_ACTOR: Actor = { id: null, label: "directory sync" };
