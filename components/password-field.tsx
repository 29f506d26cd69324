import { FieldError } from "./field-error";

/** A labelled password input with its error and an optional hint, wired for screen readers. */
export function PasswordField({
  name,
  label,
  errors,
  hint,
  autoComplete,
  idPrefix,
}: {
  name: string;
  label: string;
  errors?: Record<string, string[]>;
  hint?: string;
  autoComplete: "current-password" | "new-password";
  idPrefix: string;
}) {
  const messages = errors?.[name];
  const describedBy = [hint ? `${idPrefix}-${name}-hint` : null, messages ? `${idPrefix}-${name}-error` : null].filter(Boolean).join(" ");
  const id = `${idPrefix}-${name}`;
  // The hint and error sit outside the <label>, so the field's accessible name is just its label.
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        maxLength={1000}
        required
        aria-invalid={messages ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <span id={`${idPrefix}-${name}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
      <FieldError id={`${idPrefix}-${name}-error`} messages={messages} />
    </div>
  );
}

export const NEW_PASSWORD_HINT =
  "At least 12 characters; not your user name; not a commonly used password. A few unrelated words make a strong one.";
