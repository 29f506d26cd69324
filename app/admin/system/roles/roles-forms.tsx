"use client";

import { useActionState } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { appointAction, revokeAction } from "./actions";

export function AppointForm() {
  const [state, action, pending] = useActionState<Result | null, FormData>(appointAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="stack" noValidate>
      <div className="inline-form">
        <Field label="User name" id="appoint-username" errors={errors.username}>
          <input name="username" required maxLength={100} autoComplete="off" defaultValue={sentValue(state, "username")} />
        </Field>
        <Field label="Role" id="appoint-role" errors={errors.role}>
          <select name="role" defaultValue={sentValue(state, "role") ?? "peopleAdmin"}>
            <option value="peopleAdmin">People administrator</option>
            <option value="sysadmin">Sysadmin</option>
          </select>
        </Field>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Appointing…" : "Appoint"}
        </Button>
      </div>
      <FormAlert result={state} testId="appoint-result" />
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
        <Button type="submit" size="small" disabled={pending} aria-label={`Revoke ${label} from ${username}`}>
          Revoke {label}
        </Button>
      </div>
      <FormAlert result={state} />
    </form>
  );
}
