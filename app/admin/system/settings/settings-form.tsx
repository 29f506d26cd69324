"use client";

import { useActionState } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { updateSettingsAction } from "./actions";

export function SettingsForm({ nearFullThresholdPct }: { nearFullThresholdPct: number }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(updateSettingsAction, null);
  return (
    <form action={action} className="stack" noValidate>
      <Field label="Warn People administrators when a pool reaches (%)" id="threshold" errors={fieldErrorsOf(state).nearFullThresholdPct}>
        <input
          name="nearFullThresholdPct"
          type="number"
          min={50}
          max={100}
          defaultValue={sentValue(state, "nearFullThresholdPct") ?? nearFullThresholdPct}
        />
      </Field>
      <FormAlert result={state} />
      <Button type="submit" variant="primary" disabled={pending}>
        Save
      </Button>
    </form>
  );
}
