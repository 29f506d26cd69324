"use client";

import { useActionState } from "react";
import { fieldErrorsOf, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { NEW_PASSWORD_HINT, PasswordField } from "@/components/password-field";
import { changePasswordAction } from "./actions";

// Every field is a password, so nothing is given back: React empties the form after each answer.
export function ChangePasswordForm({ required }: { required: boolean }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(changePasswordAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="stack" noValidate>
      <PasswordField
        idPrefix="own"
        name="currentPassword"
        label={required ? "One-time password" : "Current password"}
        autoComplete="current-password"
        errors={errors}
      />
      <PasswordField
        idPrefix="own"
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        errors={errors}
        hint={NEW_PASSWORD_HINT}
      />
      <PasswordField idPrefix="own" name="confirmPassword" label="New password again" autoComplete="new-password" errors={errors} />
      <FormAlert result={state} testId="password-result" />
      <div>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}
