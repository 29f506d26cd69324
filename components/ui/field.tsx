"use client";

import { Label, Slot } from "radix-ui";
import { useId } from "react";

type FieldProps = {
  label: React.ReactNode;
  /** The control: one <input>, <select> or <textarea>; Field gives it its id and ARIA wiring. */
  children: React.ReactElement;
  /** Messages from the server for this field (a refused form's `fieldErrors[name]`). */
  errors?: string[];
  /** A line under the control that says what is expected. */
  description?: React.ReactNode;
  /** The control's id; its error is `${id}-error` and its description `${id}-description`. */
  id?: string;
  className?: string;
  /** For screen readers only, where the table around says what the control is (a row's rename box). */
  hideLabel?: boolean;
};

/**
 * A labelled form control with its description and error, wired for screen readers: the label
 * names it, the description and error describe it, and aria-invalid marks it while refused. The
 * description and error sit outside the <label>, so the accessible name is just the label.
 */
export function Field({ label, children, errors, description, id, className, hideLabel }: FieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  const describedBy = [description ? `${controlId}-description` : null, errors?.length ? `${controlId}-error` : null].filter(Boolean);
  return (
    <div className={["field", className].filter(Boolean).join(" ")}>
      <Label.Root htmlFor={controlId} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </Label.Root>
      <Slot.Root id={controlId} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy.join(" ") || undefined}>
        {children}
      </Slot.Root>
      {description ? (
        <span id={`${controlId}-description`} className="field-hint">
          {description}
        </span>
      ) : null}
      <FieldError id={`${controlId}-error`} messages={errors} />
    </div>
  );
}

/** The message under a control; `id` is what the control's aria-describedby points at. */
export function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <span id={id} className="field-error">
      {messages.join(" ")}
    </span>
  );
}

/** A checkbox with its label beside it (roles, export columns). */
export function CheckboxField({ label, ...props }: React.InputHTMLAttributes<HTMLInputElement> & { label: React.ReactNode }) {
  const generated = useId();
  const id = props.id ?? generated;
  return (
    <div className="checkbox">
      <input type="checkbox" {...props} id={id} />
      <Label.Root htmlFor={id}>{label}</Label.Root>
    </div>
  );
}
