import { BLOCKED_REASON_BADGE } from "@/lib/vocabulary";

export type BlockedReason = "ADMIN" | "NO_SEAT" | "DIRECTORY";

/** An account's state as every screen shows it: Active, or why it is blocked. */
export function AccountStateBadge({ state, blockedReason }: { state: "ACTIVE" | "BLOCKED"; blockedReason: BlockedReason | null }) {
  return state === "ACTIVE" ? (
    <span className="badge badge-active">Active</span>
  ) : (
    <span className="badge badge-blocked">{BLOCKED_REASON_BADGE[blockedReason ?? "ADMIN"]}</span>
  );
}
