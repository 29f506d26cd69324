"use client";

import { useActionState } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { updateSettingsAction } from "./actions";

export function SettingsForm({
  nearFullThresholdPct,
  forecastWarningDays,
  auditRetentionDays,
}: {
  nearFullThresholdPct: number;
  forecastWarningDays: number;
  auditRetentionDays: number | null;
}) {
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
      <Field
        label="Early warning: days before a pool is forecast to be full"
        id="forecast-days"
        errors={fieldErrorsOf(state).forecastWarningDays}
        description="Told once each time the forecast comes this close (Admin › People shows how it is made)."
      >
        <input
          name="forecastWarningDays"
          type="number"
          min={1}
          max={365}
          defaultValue={sentValue(state, "forecastWarningDays") ?? forecastWarningDays}
        />
      </Field>
      <Field
        label="Keep audit events for (days)"
        id="audit-retention"
        errors={fieldErrorsOf(state).auditRetentionDays}
        description="Empty keeps every event (the default). At least 90: older events are purged once a day, and each purge is itself recorded in the audit log."
      >
        <input
          name="auditRetentionDays"
          type="number"
          min={90}
          placeholder="keep everything"
          defaultValue={sentValue(state, "auditRetentionDays") ?? auditRetentionDays ?? ""}
        />
      </Field>
      <FormAlert result={state} />
      <Button type="submit" variant="primary" disabled={pending}>
        Save
      </Button>
    </form>
  );
}
