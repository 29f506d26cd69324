import { Badge } from "@/components/ui/badge";
import { ACCOUNT_STATE_LABEL, BLOCKED_REASON_BADGE } from "@/lib/vocabulary";

export type BlockedReason = "ADMIN" | "NO_SEAT" | "DIRECTORY" | "INACTIVE";

/** An account's state as every screen shows it: Active, or why it is blocked. */
export function AccountStateBadge({ state, blockedReason }: { state: "ACTIVE" | "BLOCKED"; blockedReason: BlockedReason | null }) {
  return state === "ACTIVE" ? (
    <Badge tone="active">{ACCOUNT_STATE_LABEL.active}</Badge>
  ) : (
    <Badge tone="blocked">{BLOCKED_REASON_BADGE[blockedReason ?? "ADMIN"]}</Badge>
  );
}
