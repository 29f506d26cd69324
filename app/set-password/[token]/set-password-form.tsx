"use client";

import { useActionState } from "react";
import type { Result } from "@/lib/actions/result";
import { ActionAlert } from "@/components/action-alert";
import { NEW_PASSWORD_HINT, PasswordField } from "@/components/password-field";
import { setPasswordWithLinkAction } from "./actions";

export function SetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(setPasswordWithLinkAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
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
      <ActionAlert state={state} />
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
