"use client";

import { useActionState, useRef } from "react";
import type { Result } from "@/lib/actions/result";
import { FieldError } from "@/components/field-error";
import { raiseLicenseRequestAction } from "./actions";

/** "Request more licenses": which pool, how many seats, why, and who to contact. */
export function RequestLicensesDialog({ contactName, contactEmail }: { contactName: string; contactEmail: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [state, action, pending] = useActionState<Result | null, FormData>(raiseLicenseRequestAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const describedBy = (name: string) => (errors[name] ? `request-${name}-error` : undefined);
  const error = (name: string) => <FieldError id={`request-${name}-error`} messages={errors[name]} />;
  return (
    <>
      <button type="button" className="button" onClick={() => ref.current?.showModal()}>
        Request more licenses…
      </button>
      <dialog ref={ref} className="dialog" aria-labelledby="request-title">
        <form action={action} noValidate>
          <h2 id="request-title">Request more licenses</h2>
          <p className="muted">The request goes to your vendor&apos;s accounts team, who send a quote and then a new license file.</p>
          <label className="field">
            <span>Pool</span>
            <select name="pool" defaultValue="PRIMARY" aria-describedby={describedBy("pool")}>
              <option value="PRIMARY">Primary area (Max_Users)</option>
              <option value="EXTRANET">Extranets (Max_extranet_users)</option>
            </select>
            {error("pool")}
          </label>
          <label className="field">
            <span>Additional seats</span>
            <input
              name="seats"
              type="number"
              min={1}
              defaultValue={10}
              aria-invalid={errors.seats ? true : undefined}
              aria-describedby={describedBy("seats")}
            />
            {error("seats")}
          </label>
          <label className="field">
            <span>Reason</span>
            <textarea
              name="reason"
              rows={3}
              maxLength={2000}
              aria-invalid={errors.reason ? true : undefined}
              aria-describedby={describedBy("reason")}
            />
            {error("reason")}
          </label>
          <label className="field">
            <span>Contact name</span>
            <input
              name="contactName"
              defaultValue={contactName}
              aria-invalid={errors.contactName ? true : undefined}
              aria-describedby={describedBy("contactName")}
            />
            {error("contactName")}
          </label>
          <label className="field">
            <span>Contact e-mail</span>
            <input
              name="contactEmail"
              type="email"
              defaultValue={contactEmail}
              aria-invalid={errors.contactEmail ? true : undefined}
              aria-describedby={describedBy("contactEmail")}
            />
            {error("contactEmail")}
          </label>
          <div aria-live="polite">
            {state ? (
              <p
                role={state.ok ? "status" : "alert"}
                className={`alert ${state.ok ? "alert-success" : "alert-error"}`}
                data-testid="request-result"
              >
                {state.ok ? state.message : state.error}
              </p>
            ) : null}
          </div>
          <div className="dialog-buttons">
            <button type="button" className="button" onClick={() => ref.current?.close()}>
              Close
            </button>
            <button type="submit" className="button button-primary" disabled={pending}>
              Send request
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
