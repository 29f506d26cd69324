"use client";

import { useActionState, useState, useTransition } from "react";
import type { Result } from "@/lib/actions/result";
import { createScimTokenAction, revokeScimTokenAction } from "./actions";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState<Result<{ token: string }> | null, FormData>(createScimTokenAction, null);
  return (
    <form action={action} className="stack">
      <label className="field">
        <span>Token name</span>
        <input name="name" required maxLength={100} placeholder="e.g. Okta production" />
      </label>
      <div aria-live="polite">
        {state && !state.ok ? (
          <p className="alert alert-error" role="alert">
            {state.error}
          </p>
        ) : null}
        {state && state.ok ? (
          <div className="alert alert-success" role="status">
            <p>{state.message}</p>
            <code data-testid="new-token" className="token">
              {state.data.token}
            </code>
          </div>
        ) : null}
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={pending}>
          Create token
        </button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [pending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button button-small button-danger"
        disabled={pending}
        aria-label={`Revoke ${name}`}
        onClick={() =>
          startTransition(async () => {
            const result = await revokeScimTokenAction({ id });
            setRefusal(result.ok ? null : result.error);
          })
        }
      >
        Revoke
      </button>
      {refusal ? (
        <span className="field-error" role="alert">
          {refusal}
        </span>
      ) : null}
    </>
  );
}
