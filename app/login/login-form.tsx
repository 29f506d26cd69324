"use client";

import { useActionState } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { signInAction } from "./actions";

export function LoginForm() {
  const [state, action, pending] = useActionState<Result | null, FormData>(signInAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="stack" aria-describedby={state && !state.ok ? "login-error" : undefined}>
      <Field label="User name" id="login-username" errors={errors.username}>
        <input name="username" autoComplete="username" required defaultValue={sentValue(state, "username")} autoFocus />
      </Field>
      <Field label="Password" id="login-password" errors={errors.password}>
        <input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <FormAlert result={state} id="login-error" />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
