"use client";

import { useActionState } from "react";
import { fieldErrorsOf, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { NEW_PASSWORD_HINT, PasswordField } from "@/components/password-field";
import { setPasswordWithLinkAction } from "./actions";

export function SetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(setPasswordWithLinkAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="token" value={token} />
      <PasswordField
        idPrefix="link"
        name="newPassword"
        label="New password"
        autoComplete="new-password"
        errors={errors}
        hint={NEW_PASSWORD_HINT}
      />
      <PasswordField idPrefix="link" name="confirmPassword" label="New password again" autoComplete="new-password" errors={errors} />
      <FormAlert result={state} />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
