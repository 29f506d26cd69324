"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { POOL_CHOICE } from "@/lib/vocabulary";
import { createAccountAction } from "./actions";

type Area = { id: string; name: string; pool: "PRIMARY" | "EXTRANET" };

export function CreateAccountForm({ areas }: { areas: Area[] }) {
  // React empties the form once the action answers; a refusal gives back what was typed.
  const [state, action, pending] = useActionState<Result | null, FormData>(createAccountAction, null);
  const errors = fieldErrorsOf(state);
  const area = sentValue(state, "areaId") ?? areas.find((a) => a.pool === "PRIMARY")?.id;
  const text = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <Field id={`create-${name}`} label={label} errors={errors[name]}>
      <input name={name} defaultValue={sentValue(state, name)} autoComplete="off" {...props} />
    </Field>
  );
  return (
    <form action={action} className="create-form" noValidate>
      <div className="form-grid">
        {text("givenName", "First name", { required: true, maxLength: 100 })}
        {text("familyName", "Last name", { required: true, maxLength: 100 })}
        {text("username", "User name", { required: true, maxLength: 100 })}
        {text("email", "E-mail", { required: true, type: "email", maxLength: 254 })}
        <Field id="create-areaId" label="Area" errors={errors.areaId}>
          {/* A select takes a new default only when mounted again: the key does that. */}
          <select key={area} name="areaId" required defaultValue={area}>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({POOL_CHOICE[a.pool]})
              </option>
            ))}
          </select>
        </Field>
        <Field id="create-password" label="One-time password (optional)" errors={errors.password}>
          <input name="password" type="password" autoComplete="new-password" maxLength={200} />
        </Field>
      </div>
      <FormAlert result={state} testId="create-result" />
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </Button>
    </form>
  );
}
