import { Field } from "@/components/ui/field";

/** A password input in a Field; its id is `${idPrefix}-${name}`, so its error is `${idPrefix}-${name}-error`. */
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
  return (
    <Field label={label} id={`${idPrefix}-${name}`} errors={errors?.[name]} description={hint}>
      <input name={name} type="password" autoComplete={autoComplete} maxLength={1000} required />
    </Field>
  );
}

export const NEW_PASSWORD_HINT =
  "At least 12 characters; not your user name; not a commonly used password. A few unrelated words make a strong one.";
