"use client";

import { useActionState } from "react";
import { sentValue, type Result } from "@/lib/actions/result";
import { signInAction } from "./actions";

export function LoginForm() {
  const [state, action, pending] = useActionState<Result | null, FormData>(signInAction, null);
  const error = state && !state.ok ? state.error : undefined;
  return (
    <form action={action} className="stack" aria-describedby={error ? "login-error" : undefined}>
      <label className="field">
        <span>User name</span>
        <input name="username" autoComplete="username" required defaultValue={sentValue(state, "username")} autoFocus />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error ? (
        <p id="login-error" role="alert" className="alert alert-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
