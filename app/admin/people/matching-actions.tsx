"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DropdownMenu, DropdownMenuItem } from "@/components/ui/dropdown-menu";
import type { PeopleQuery } from "@/lib/people/people-query";
import { BULK_VERB, type BulkAction } from "@/lib/people/bulk-jobs/bulk-job-schemas";
import { startBulkJobAction } from "./bulk-jobs/actions";

/**
 * "All N matching…": block, unblock or delete every account of the current view, not only the
 * visible page, as a background job whose page shows its progress.
 */
export function MatchingActions({ query, total, capped }: { query: PeopleQuery; total: number; capped: boolean }) {
  const router = useRouter();
  const [action, setAction] = useState<BulkAction | null>(null);
  // A broad search is counted only up to a cap: the words say so, and deleting (which asks for
  // the exact number) waits for a narrower view.
  const count = `${capped ? "more than " : ""}${total.toLocaleString("en")}`;
  const view = { q: query.q, area: query.area, state: query.state, inactive: query.inactive };
  const start = async (typed: string) => {
    if (!action) return null;
    const result = await startBulkJobAction({ action, view, confirmation: action === "DELETE" ? typed : undefined });
    if (!result.ok) return result.error;
    router.push(`/admin/people/bulk-jobs/${result.data.jobId}`);
    return null;
  };
  return (
    <>
      <DropdownMenu
        label="Act on every matching account"
        trigger={
          <Button disabled={total === 0} data-testid="matching-actions">
            All {count} matching…
          </Button>
        }
      >
        {(["BLOCK", "UNBLOCK", "DELETE"] as const).map((a) =>
          a === "DELETE" && capped ? (
            <DropdownMenuItem key={a} disabled>
              Delete: narrow the view to {total.toLocaleString("en")} or fewer
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem key={a} onSelect={() => setAction(a)}>
              {BULK_VERB[a].verb} all {count} matching{a === "DELETE" ? "…" : ""}
            </DropdownMenuItem>
          ),
        )}
      </DropdownMenu>
      <ConfirmDialog
        open={action !== null}
        onOpenChange={(open) => !open && setAction(null)}
        title={action ? `${BULK_VERB[action].verb} all ${count} matching accounts?` : ""}
        confirmLabel={action ? `${BULK_VERB[action].verb} all ${count}` : ""}
        pendingLabel="Starting…"
        danger={action !== "UNBLOCK"}
        typeToConfirm={
          action === "DELETE"
            ? {
                expected: String(total),
                prompt: (
                  <>
                    To confirm, type the number of accounts <code>{total}</code>
                  </>
                ),
              }
            : undefined
        }
        onConfirm={start}
      >
        <p>
          Every account this view matches now, on every page of the list, not only the ones shown. It runs in the background with a progress
          bar; you can cancel it, and download what it did to each account.
        </p>
        {action === "DELETE" ? (
          <p>
            Deleting is <strong>permanent</strong>. <strong>Blocking</strong> is the reversible choice: it frees the seats too and keeps the
            data.
          </p>
        ) : null}
        {action === "UNBLOCK" ? <p>Each account needs a free seat in its pool: once a pool is full, the rest are refused.</p> : null}
        {action === "BLOCK" ? <p>Blocked accounts free their seats at once and are signed out; nothing else of them changes.</p> : null}
      </ConfirmDialog>
    </>
  );
}
