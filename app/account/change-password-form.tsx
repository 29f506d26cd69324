"use client";

import { useActionState, useEffect, useRef } from "react";
import type { Result } from "@/lib/actions/result";
import { ActionAlert } from "@/components/action-alert";
import { NEW_PASSWORD_HINT, PasswordField } from "@/components/password-field";
import { changePasswordAction } from "./actions";

export function ChangePasswordForm({ required }: { required: boolean }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(changePasswordAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form ref={formRef} action={action} className="stack" noValidate>
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
      <ActionAlert state={state} testId="password-result" />
      <div>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
