import type { Actor } from "../licensing/actor";

/** The actor every change of a sync run is audited under. */
export const LDAP_SYNC_ACTOR: Actor = { id: null, label: "LDAP sync" };
