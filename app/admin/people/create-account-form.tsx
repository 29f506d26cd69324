"use client";

import { useActionState, useEffect, useRef } from "react";
import { createAccountAction } from "./actions";
import type { Result } from "@/lib/actions/result";
import { FieldError } from "@/components/field-error";

type Area = { id: string; name: string; pool: "PRIMARY" | "EXTRANET" };

export function CreateAccountForm({ areas }: { areas: Area[] }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(createAccountAction, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `create-${name}-error` : undefined}
        {...props}
      />
      <FieldError id={`create-${name}-error`} messages={errors[name]} />
    </label>
  );
  return (
    <form ref={formRef} action={action} className="create-form" noValidate>
      <div className="form-grid">
        {field("givenName", "First name", { required: true, maxLength: 100, autoComplete: "off" })}
        {field("familyName", "Last name", { required: true, maxLength: 100, autoComplete: "off" })}
        {field("username", "User name", { required: true, maxLength: 100, autoComplete: "off" })}
        {field("email", "E-mail", { required: true, type: "email", maxLength: 254, autoComplete: "off" })}
        <label className="field">
          <span>Area</span>
          <select
            name="areaId"
            required
            defaultValue={areas.find((a) => a.pool === "PRIMARY")?.id}
            aria-invalid={errors.areaId ? true : undefined}
            aria-describedby={errors.areaId ? "create-areaId-error" : undefined}
          >
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.pool === "PRIMARY" ? "primary area" : "extranet"})
              </option>
            ))}
          </select>
          <FieldError id="create-areaId-error" messages={errors.areaId} />
        </label>
        {field("password", "One-time password (optional)", { type: "password", autoComplete: "new-password", maxLength: 200 })}
      </div>
      <div aria-live="polite">
        {state ? (
          <p
            role={state.ok ? "status" : "alert"}
            className={`alert ${state.ok ? "alert-success" : "alert-error"}`}
            data-testid="create-result"
          >
            {state.ok ? state.message : state.error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
