"use client";

import { useActionState } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { raiseLicenseRequestAction } from "./actions";

/** "Request more licenses": which pool, how many seats, why, and who to contact. */
export function RequestLicensesDialog({ contactName, contactEmail }: { contactName: string; contactEmail: string }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(raiseLicenseRequestAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <Dialog
      trigger={<Button>Request more licenses…</Button>}
      title="Request more licenses"
      description={
        <span className="muted">The request goes to your vendor&apos;s accounts team, who send a quote and then a new license file.</span>
      }
    >
      <form action={action} noValidate>
        <Field label="Pool" id="request-pool" errors={errors.pool}>
          <select name="pool" defaultValue={sentValue(state, "pool") ?? "PRIMARY"}>
            <option value="PRIMARY">Primary area (Max_Users)</option>
            <option value="EXTRANET">Extranets (Max_extranet_users)</option>
          </select>
        </Field>
        <Field label="Additional seats" id="request-seats" errors={errors.seats}>
          <input name="seats" type="number" min={1} defaultValue={sentValue(state, "seats") ?? 10} />
        </Field>
        <Field label="Reason" id="request-reason" errors={errors.reason}>
          <textarea name="reason" rows={3} maxLength={2000} defaultValue={sentValue(state, "reason")} />
        </Field>
        <Field label="Contact name" id="request-contactName" errors={errors.contactName}>
          <input name="contactName" defaultValue={sentValue(state, "contactName") ?? contactName} />
        </Field>
        <Field label="Contact e-mail" id="request-contactEmail" errors={errors.contactEmail}>
          <input name="contactEmail" type="email" defaultValue={sentValue(state, "contactEmail") ?? contactEmail} />
        </Field>
        <FormAlert result={state} testId="request-result" />
        <div className="dialog-buttons">
          <DialogClose asChild>
            <Button>Close</Button>
          </DialogClose>
          <Button type="submit" variant="primary" disabled={pending}>
            Send request
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
