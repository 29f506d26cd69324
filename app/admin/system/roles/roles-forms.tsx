"use client";

import { useActionState, useEffect, useRef } from "react";
import type { Result } from "@/lib/actions/result";
import { ActionAlert } from "@/components/action-alert";
import { FieldError } from "@/components/field-error";
import { appointAction, revokeAction } from "./actions";

export function AppointForm() {
  const [state, action, pending] = useActionState<Result | null, FormData>(appointAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? state.fieldErrors?.username : undefined;
  return (
    <form ref={formRef} action={action} className="stack" noValidate>
      <div className="inline-form">
        <label className="field">
          <span>User name</span>
          <input
            name="username"
            required
            maxLength={100}
            autoComplete="off"
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? "appoint-username-error" : undefined}
          />
          <FieldError id="appoint-username-error" messages={errors} />
        </label>
        <label className="field">
          <span>Role</span>
          <select name="role" defaultValue="peopleAdmin">
            <option value="peopleAdmin">People administrator</option>
            <option value="sysadmin">Sysadmin</option>
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Appointing…" : "Appoint"}
        </button>
      </div>
      <ActionAlert state={state} testId="appoint-result" />
    </form>
  );
}

export function RevokeButton({
  accountId,
  username,
  role,
  label,
}: {
  accountId: string;
  username: string;
  role: "sysadmin" | "peopleAdmin";
  label: string;
}) {
  const [state, action, pending] = useActionState<Result | null, FormData>(revokeAction, null);
  return (
    <form action={action} className="stack">
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="role" value={role} />
      <div>
        <button type="submit" className="button button-small" disabled={pending} aria-label={`Revoke ${label} from ${username}`}>
          Revoke {label}
        </button>
      </div>
      <ActionAlert state={state} />
    </form>
  );
}
