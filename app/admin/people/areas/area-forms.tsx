"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { toastResult } from "@/components/ui/toast";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { createAreaAction, deleteAreaAction, renameAreaAction } from "./actions";

export function CreateAreaForm() {
  const [state, action, pending] = useActionState<Result | null, FormData>(createAreaAction, null);
  return (
    <form action={action} className="stack" noValidate>
      <div className="inline-form">
        <Field id="area-name" label="Name of the new extranet area" errors={fieldErrorsOf(state).name}>
          <input name="name" defaultValue={sentValue(state, "name")} maxLength={60} required autoComplete="off" />
        </Field>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create extranet area"}
        </Button>
      </div>
      <FormAlert result={state} testId="create-area-result" />
    </form>
  );
}

/** Rename and delete for one area's row. The primary area can only be renamed. */
export function AreaRowForms({ area }: { area: { id: string; name: string; pool: "PRIMARY" | "EXTRANET" } }) {
  const [renamed, rename, renaming] = useActionState<Result | null, FormData>(renameAreaAction, null);
  const [deleting, setDeleting] = useState(false);
  const [deleteRefusal, setDeleteRefusal] = useState<Result | null>(null);
  const nameErrors = fieldErrorsOf(renamed).name;
  return (
    <div className="stack">
      <div className="inline-form">
        <form action={rename} className="inline-form" noValidate>
          <input type="hidden" name="areaId" value={area.id} />
          <Field id={`rename-${area.id}`} label={`New name for ${area.name}`} hideLabel errors={nameErrors}>
            <input name="name" defaultValue={sentValue(renamed, "name") ?? area.name} maxLength={60} required />
          </Field>
          <Button type="submit" size="small" disabled={renaming} aria-label={`Rename ${area.name}`}>
            Rename
          </Button>
        </form>
        {area.pool === "EXTRANET" ? (
          <ConfirmDialog
            open={deleting}
            onOpenChange={setDeleting}
            trigger={
              <Button size="small" variant="danger" aria-label={`Delete ${area.name}`}>
                Delete
              </Button>
            }
            title={`Delete the area "${area.name}"?`}
            confirmLabel="Delete area"
            pendingLabel="Deleting…"
            danger
            onConfirm={async () => {
              const data = new FormData();
              data.set("areaId", area.id);
              const result = await deleteAreaAction(null, data);
              // Deleted, the row goes away with its messages: a toast says so. A refusal (accounts
              // still in the area) stays beside the row, with the link to those accounts.
              if (result.ok) toastResult(result);
              setDeleteRefusal(result.ok ? null : result);
              return null;
            }}
          >
            <p>Only an empty area can be deleted.</p>
          </ConfirmDialog>
        ) : (
          <span className="muted">The primary area cannot be deleted.</span>
        )}
      </div>
      {/* Field problems are said beside the name; anything else here. */}
      <FormAlert result={nameErrors ? null : renamed} />
      <FormAlert result={deleteRefusal} testId={`delete-area-result-${area.name}`} />
    </div>
  );
}
