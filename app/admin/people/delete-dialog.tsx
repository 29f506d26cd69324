"use client";

import { useEffect, useRef, useState } from "react";
import type { PersonView } from "./people-table";

/**
 * Delete is permanent, so it asks to type the user name (or the count for a selection) and
 * offers blocking as the reversible choice.
 */
export function DeleteDialog({
  targets,
  onCancel,
  onConfirm,
}: {
  targets: Pick<PersonView, "username">[];
  onCancel: () => void;
  onConfirm: (confirmation: string) => Promise<string | null>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const expected = targets.length === 1 ? targets[0].username : String(targets.length);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="delete-title" onClose={onCancel}>
      <form
        method="dialog"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(await onConfirm(typed));
          setBusy(false);
        }}
      >
        <h2 id="delete-title">{targets.length === 1 ? `Delete ${targets[0].username}?` : `Delete ${targets.length} accounts?`}</h2>
        <p>
          Deleting is <strong>permanent</strong>: all of the account&apos;s data is gone and cannot be brought back. Active accounts free
          their seat.
        </p>
        <p>
          <strong>Blocking</strong> is the reversible choice: it frees the seat too, keeps the data, and the account can be unblocked later
          while a seat is free.
        </p>
        <label className="field">
          <span>
            To confirm, type {targets.length === 1 ? "the user name" : "the number of accounts"} <code>{expected}</code>
          </span>
          <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus name="confirmation" />
        </label>
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-buttons">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={busy || typed.trim().toLowerCase() !== expected.toLowerCase()}>
            {busy ? "Deleting…" : "Delete permanently"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
