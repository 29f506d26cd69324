export type BlockedReason = "ADMIN" | "NO_SEAT" | "DIRECTORY";

export const BLOCKED_REASON_LABEL: Record<BlockedReason, string> = {
  ADMIN: "blocked",
  NO_SEAT: "blocked, waiting for a seat",
  DIRECTORY: "blocked by the directory",
};

/** An account's state as every screen shows it: Active, or why it is blocked. */
export function AccountStateBadge({ state, blockedReason }: { state: "ACTIVE" | "BLOCKED"; blockedReason: BlockedReason | null }) {
  return state === "ACTIVE" ? (
    <span className="badge badge-active">Active</span>
  ) : (
    <span className="badge badge-blocked">{BLOCKED_REASON_LABEL[blockedReason ?? "ADMIN"]}</span>
  );
}
