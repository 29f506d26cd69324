"use client";

import { useActionState } from "react";
import type { Result } from "@/lib/actions/result";
import { FieldError } from "@/components/field-error";
import { updateSettingsAction } from "./actions";

export function SettingsForm({ nearFullThresholdPct }: { nearFullThresholdPct: number }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(updateSettingsAction, null);
  const error = state && !state.ok ? state.fieldErrors?.nearFullThresholdPct : undefined;
  return (
    <form action={action} className="stack" noValidate>
      <label className="field">
        <span>Warn People administrators when a pool reaches (%)</span>
        <input
          name="nearFullThresholdPct"
          type="number"
          min={50}
          max={100}
          defaultValue={nearFullThresholdPct}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "threshold-error" : undefined}
        />
        <FieldError id="threshold-error" messages={error} />
      </label>
      <div aria-live="polite">
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={`alert ${state.ok ? "alert-success" : "alert-error"}`}>
            {state.ok ? state.message : state.error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        Save
      </button>
    </form>
  );
}
