"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Success } from "@/lib/actions/result";
import { deleteAccountsAction, type BulkOutcomes } from "./actions";

/**
 * Delete is permanent, so it asks to type the user name (or the count for a selection) and
 * offers blocking as the reversible choice. `trigger` is the button that opens it.
 */
export function DeleteDialog({
  targets,
  trigger,
  onDeleted,
}: {
  targets: { id: string; username: string }[];
  trigger: React.ReactElement;
  /** Takes the per-account outcomes: answers a refusal to show in the dialog, or null when done. */
  onDeleted: (outcome: Success<BulkOutcomes>) => string | null;
}) {
  const [open, setOpen] = useState(false);
  const one = targets.length === 1 ? targets[0] : null;
  const expected = one ? one.username : String(targets.length);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={trigger}
      title={one ? `Delete ${one.username}?` : `Delete ${targets.length} accounts?`}
      confirmLabel="Delete permanently"
      pendingLabel="Deleting…"
      danger
      typeToConfirm={{
        expected,
        prompt: (
          <>
            To confirm, type {one ? "the user name" : "the number of accounts"} <code>{expected}</code>
          </>
        ),
      }}
      onConfirm={async (confirmation) => {
        const outcome = await deleteAccountsAction({ ids: targets.map((t) => t.id), confirmation });
        return outcome.ok ? onDeleted(outcome) : outcome.error;
      }}
    >
      <p>
        Deleting is <strong>permanent</strong>: all of the account&apos;s data is gone and cannot be brought back. Active accounts free
        their seat.
      </p>
      <p>
        <strong>Blocking</strong> is the reversible choice: it frees the seat too, keeps the data, and the account can be unblocked later
        while a seat is free.
      </p>
    </ConfirmDialog>
  );
}
