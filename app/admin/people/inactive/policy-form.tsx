"use client";

import { useActionState } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { setInactivityPolicyAction } from "./actions";

export type PolicyFormValues = {
  pool: "PRIMARY" | "EXTRANET";
  title: string;
  enabled: boolean;
  days: number;
  warnDays: number | null;
  exemptAdmins: boolean;
  exemptDirectory: boolean;
  exemptUsernames: string[];
};

/** One pool's inactivity policy. */
export function PolicyForm({ policy, mail }: { policy: PolicyFormValues; mail: boolean }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(setInactivityPolicyAction, null);
  const errors = fieldErrorsOf(state);
  const id = policy.pool.toLowerCase();
  return (
    <form action={action} className="stack" noValidate aria-label={`${policy.title} inactivity policy`}>
      <input type="hidden" name="pool" value={policy.pool} />
      <CheckboxField name="enabled" id={`${id}-enabled`} defaultChecked={policy.enabled} label="Block inactive accounts every day" />
      <Field label="Inactive for (days, at least 30)" id={`${id}-days`} errors={errors.days}>
        <input name="days" type="number" min={30} max={3650} defaultValue={sentValue(state, "days") ?? policy.days} />
      </Field>
      <Field
        label="Warn the person by e-mail this many days before (empty: no warning)"
        id={`${id}-warn`}
        errors={errors.warnDays}
        description={mail ? "Once per inactivity spell." : "E-mail is off (SMTP_URL is not set): no warning is sent until it is."}
      >
        <input name="warnDays" type="number" min={1} defaultValue={sentValue(state, "warnDays") ?? policy.warnDays ?? ""} />
      </Field>
      <fieldset className="plain-fieldset">
        <legend>Never block</legend>
        <CheckboxField
          name="exemptAdmins"
          id={`${id}-admins`}
          defaultChecked={policy.exemptAdmins}
          label="Administrators (sysadmins, People administrators)"
        />
        <CheckboxField
          name="exemptDirectory"
          id={`${id}-directory`}
          defaultChecked={policy.exemptDirectory}
          label="Accounts a directory manages"
        />
        <Field label="These accounts (user names, one a line)" id={`${id}-exempt`} errors={errors.exemptUsernames}>
          <textarea
            name="exemptUsernames"
            rows={3}
            defaultValue={sentValue(state, "exemptUsernames") ?? policy.exemptUsernames.join("\n")}
          />
        </Field>
      </fieldset>
      <FormAlert result={state} />
      <Button type="submit" variant="primary" disabled={pending}>
        Save the {policy.title} policy
      </Button>
    </form>
  );
}
