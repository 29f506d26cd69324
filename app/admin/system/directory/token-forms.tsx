"use client";

import { useActionState, useTransition } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { toastResult } from "@/components/ui/toast";
import { createScimTokenAction, revokeScimTokenAction } from "./actions";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState<Result<{ token: string }> | null, FormData>(createScimTokenAction, null);
  return (
    <form action={action} className="stack">
      <Field label="Token name" id="token-name" errors={fieldErrorsOf(state).name}>
        <input name="name" required maxLength={100} placeholder="e.g. Okta production" defaultValue={sentValue(state, "name")} />
      </Field>
      <FormAlert result={state}>
        {state?.ok ? (
          <code data-testid="new-token" className="token">
            {state.data.token}
          </code>
        ) : null}
      </FormAlert>
      <div>
        <Button type="submit" variant="primary" disabled={pending}>
          Create token
        </Button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="danger"
      size="small"
      disabled={pending}
      aria-label={`Revoke ${name}`}
      onClick={() => startTransition(async () => toastResult(await revokeScimTokenAction({ id })))}
    >
      Revoke
    </Button>
  );
}
