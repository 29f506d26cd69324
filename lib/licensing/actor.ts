/**
 * Who performs an operation, as the audit trail records it. `id` is the acting account, or null
 * for the system (seed, directory sync, scheduled jobs, site:init), which the guard rails trust.
 * A person's roles come from the session, which re-reads the account on every request.
 */
export type Actor = { id: string | null; label: string; roles?: { sysadmin: boolean; peopleAdmin: boolean } };

export const SEED_ACTOR: Actor = { id: null, label: "seed" };
export const DIRECTORY_ACTOR: Actor = { id: null, label: "directory sync" };

/** A person acting through the console (as opposed to the system). */
export function isPerson(actor: Actor): actor is Actor & { id: string } {
  return actor.id !== null;
}
