"use client";

import { useState } from "react";
import { Button } from "./button";
import { Dialog, DialogClose } from "./dialog";
import { Field } from "./field";

type ConfirmDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens it: focus goes back to it when the dialog closes. */
  trigger?: React.ReactElement;
  title: React.ReactNode;
  /** What will happen, and the gentler choice if there is one. */
  children: React.ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  danger?: boolean;
  /** For what cannot be undone: the person types this word (a user name, a count) to confirm. */
  typeToConfirm?: { expected: string; prompt: React.ReactNode };
  /** Does the work; answers an error to show in the dialog, or null when done (the dialog closes). */
  onConfirm: (typed: string) => Promise<string | null>;
};

/** Asks before an action, optionally with typed confirmation, and shows a refusal without closing. */
export function ConfirmDialog({
  open,
  onOpenChange,
  trigger,
  title,
  children,
  confirmLabel,
  pendingLabel,
  danger,
  typeToConfirm,
  onConfirm,
}: ConfirmDialogProps) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmed = !typeToConfirm || typed.trim().toLowerCase() === typeToConfirm.expected.toLowerCase();
  const change = (next: boolean) => {
    if (!next) {
      setTyped("");
      setError(null);
    }
    onOpenChange(next);
  };
  return (
    <Dialog open={open} onOpenChange={change} trigger={trigger} title={title}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          const refusal = await onConfirm(typed);
          setBusy(false);
          setError(refusal);
          if (refusal === null) change(false);
        }}
      >
        {children}
        {typeToConfirm ? (
          <Field label={typeToConfirm.prompt}>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus name="confirmation" />
          </Field>
        ) : null}
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-buttons">
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant={danger ? "danger" : "primary"} disabled={busy || !confirmed}>
            {busy ? pendingLabel : confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
