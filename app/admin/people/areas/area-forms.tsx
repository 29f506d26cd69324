"use client";

import { useActionState, useEffect, useRef } from "react";
import type { Result } from "@/lib/actions/result";
import { ActionAlert } from "@/components/action-alert";
import { FieldError } from "@/components/field-error";
import { createAreaAction, deleteAreaAction, renameAreaAction } from "./actions";

export function CreateAreaForm() {
  const [state, action, pending] = useActionState<Result | null, FormData>(createAreaAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors?.name : undefined;
  return (
    <form ref={formRef} action={action} className="stack" noValidate>
      <div className="inline-form">
        <label className="field">
          <span>Name of the new extranet area</span>
          <input
            name="name"
            maxLength={60}
            required
            autoComplete="off"
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? "area-name-error" : undefined}
          />
          <FieldError id="area-name-error" messages={errors} />
        </label>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Creating…" : "Create extranet area"}
        </button>
      </div>
      <ActionAlert state={state} testId="create-area-result" />
    </form>
  );
}

/** Rename and delete for one area's row. The primary area can only be renamed. */
export function AreaRowForms({ area }: { area: { id: string; name: string; pool: "PRIMARY" | "EXTRANET" } }) {
  const [renamed, rename, renaming] = useActionState<Result | null, FormData>(renameAreaAction, null);
  const [deleted, remove, deleting] = useActionState<Result | null, FormData>(deleteAreaAction, null);
  const errors = renamed && !renamed.ok ? renamed.fieldErrors?.name : undefined;
  const errorId = `rename-${area.id}-error`;
  return (
    <div className="stack">
      <div className="inline-form">
        <form action={rename} className="inline-form" noValidate>
          <input type="hidden" name="areaId" value={area.id} />
          <label className="field">
            <span className="visually-hidden">New name for {area.name}</span>
            <input
              name="name"
              defaultValue={area.name}
              maxLength={60}
              required
              aria-invalid={errors ? true : undefined}
              aria-describedby={errors ? errorId : undefined}
            />
            <FieldError id={errorId} messages={errors} />
          </label>
          <button type="submit" className="button button-small" disabled={renaming} aria-label={`Rename ${area.name}`}>
            Rename
          </button>
        </form>
        {area.pool === "EXTRANET" ? (
          <form
            action={remove}
            onSubmit={(event) => {
              if (!window.confirm(`Delete the area "${area.name}"? Only an empty area can be deleted.`)) event.preventDefault();
            }}
          >
            <input type="hidden" name="areaId" value={area.id} />
            <button type="submit" className="button button-small button-danger" disabled={deleting} aria-label={`Delete ${area.name}`}>
              Delete
            </button>
          </form>
        ) : (
          <span className="muted">The primary area cannot be deleted.</span>
        )}
      </div>
      <ActionAlert state={renamed && !renamed.ok && renamed.fieldErrors ? null : renamed} />
      <ActionAlert state={deleted} testId={`delete-area-result-${area.name}`} />
    </div>
  );
}
