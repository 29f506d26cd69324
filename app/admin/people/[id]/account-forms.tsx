"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { failure, success, type Result } from "@/lib/actions/result";
import { ActionAlert } from "@/components/action-alert";
import { FieldError } from "@/components/field-error";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { blockAccountsAction, unblockAccountsAction, type BulkOutcomes } from "../actions";
import { DeleteDialog } from "../delete-dialog";
import { changeRolesAction, moveAccountAction, sendPasswordLinkAction, setOneTimePasswordAction, updateProfileAction } from "./actions";

type Profile = { id: string; username: string; email: string; givenName: string; familyName: string };

/** Profile fields, checked like a creation. `readOnly` says why they cannot be changed here, if so. */
export function ProfileForm({ account, readOnly }: { account: Profile; readOnly: string | null }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(updateProfileAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const field = (name: keyof Profile, label: string, type = "text") => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        defaultValue={account[name]}
        readOnly={readOnly !== null}
        aria-readonly={readOnly !== null || undefined}
        maxLength={name === "email" ? 254 : 100}
        autoComplete="off"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `profile-${name}-error` : undefined}
      />
      <FieldError id={`profile-${name}-error`} messages={errors[name]} />
    </label>
  );
  return (
    <form action={action} className="create-form" noValidate>
      {readOnly ? <p className="alert alert-warning readonly-note">{readOnly}</p> : null}
      <input type="hidden" name="accountId" value={account.id} />
      <div className="form-grid">
        {field("givenName", "First name")}
        {field("familyName", "Last name")}
        {field("username", "User name")}
        {field("email", "E-mail", "email")}
      </div>
      <ActionAlert state={state} testId="profile-result" />
      {readOnly ? null : (
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </button>
      )}
    </form>
  );
}

type AreaChoice = { id: string; name: string; pool: "PRIMARY" | "EXTRANET" };

export function MoveForm({
  accountId,
  currentAreaId,
  areas,
  readOnly,
}: {
  accountId: string;
  currentAreaId: string;
  areas: AreaChoice[];
  readOnly: string | null;
}) {
  const [state, action, pending] = useActionState<Result | null, FormData>(moveAccountAction, null);
  if (readOnly) return <p className="muted">{readOnly}</p>;
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <div className="inline-form">
        <label className="field">
          <span>Move to area</span>
          <select name="areaId" defaultValue={currentAreaId}>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.pool === "PRIMARY" ? "primary area" : "extranet"})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Moving…" : "Move"}
        </button>
      </div>
      <ActionAlert state={state} testId="move-result" />
    </form>
  );
}

export function RolesForm({
  account,
  editable,
}: {
  account: { id: string; isSysadmin: boolean; isPeopleAdmin: boolean };
  editable: boolean;
}) {
  const [state, action, pending] = useActionState<Result | null, FormData>(changeRolesAction, null);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="accountId" value={account.id} />
      <fieldset className="plain-fieldset" disabled={!editable}>
        <legend className="visually-hidden">Roles</legend>
        <label className="checkbox">
          <input type="checkbox" name="peopleAdmin" defaultChecked={account.isPeopleAdmin} /> People administrator (Admin › People)
        </label>
        <label className="checkbox">
          <input type="checkbox" name="sysadmin" defaultChecked={account.isSysadmin} /> Sysadmin (Admin › System, roles)
        </label>
      </fieldset>
      {editable ? (
        <div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? "Saving…" : "Save roles"}
          </button>
        </div>
      ) : (
        <p className="muted">Only sysadmins grant and revoke roles.</p>
      )}
      <ActionAlert state={state} testId="roles-result" />
    </form>
  );
}

export function PasswordPanel({ accountId, mailReady, readOnly }: { accountId: string; mailReady: boolean; readOnly: string | null }) {
  const [oneTime, setOneTime, settingOneTime] = useActionState<Result<{ password: string }> | null, FormData>(
    setOneTimePasswordAction,
    null,
  );
  const [link, sendLink, sending] = useActionState<Result | null, FormData>(sendPasswordLinkAction, null);
  if (readOnly) return <p className="muted">{readOnly}</p>;
  return (
    <div className="stack">
      <div className="inline-form">
        <form action={setOneTime}>
          <input type="hidden" name="accountId" value={accountId} />
          <button type="submit" className="button" disabled={settingOneTime}>
            Set a one-time password
          </button>
        </form>
        <form action={sendLink}>
          <input type="hidden" name="accountId" value={accountId} />
          <button
            type="submit"
            className="button"
            disabled={sending || !mailReady}
            aria-describedby={mailReady ? undefined : "no-mail-note"}
          >
            E-mail a set-password link
          </button>
        </form>
      </div>
      {mailReady ? null : (
        <p id="no-mail-note" className="muted">
          E-mail is not set up on this console (SMTP_URL), so links cannot be sent: use a one-time password and hand it over yourself.
        </p>
      )}
      {oneTime?.ok ? (
        <p className="alert alert-success" role="status">
          {oneTime.message}
          <code className="token" data-testid="one-time-password">
            {oneTime.data?.password}
          </code>
        </p>
      ) : (
        <ActionAlert state={oneTime} />
      )}
      <ActionAlert state={link} testId="password-link-result" />
    </div>
  );
}

/** Block, unblock and delete, as on the list; after a delete, back to the list. */
export function StatePanel({
  account,
  readOnly,
}: {
  account: { id: string; username: string; state: "ACTIVE" | "BLOCKED" };
  readOnly: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<Result | null>(null);
  if (readOnly) return <p className="muted">{readOnly}</p>;
  const run = (action: (input: { ids: string[] }) => Promise<Result<BulkOutcomes>>) =>
    startTransition(async () => {
      const outcome = await action({ ids: [account.id] });
      // One account: its own outcome says more than the summary, and a refusal of it is a refusal.
      const mine = outcome.ok ? outcome.data.outcomes[0] : undefined;
      if (!outcome.ok) setResult(outcome);
      else if (mine?.outcome === "refused") setResult(failure(mine.message));
      else setResult(success(mine?.message ?? outcome.message));
      router.refresh();
    });
  return (
    <div className="stack">
      <div className="inline-form">
        {account.state === "ACTIVE" ? (
          <Button disabled={pending} onClick={() => run(blockAccountsAction)}>
            Block
          </Button>
        ) : (
          <Button disabled={pending} onClick={() => run(unblockAccountsAction)}>
            Unblock
          </Button>
        )}
        <DeleteDialog
          targets={[account]}
          trigger={
            <Button variant="danger" disabled={pending}>
              Delete…
            </Button>
          }
          onDeleted={(outcome) => {
            const refusal = outcome.data.outcomes.find((o) => o.outcome === "refused");
            if (refusal) return refusal.message;
            router.push("/admin/people");
            return null;
          }}
        />
      </div>
      <FormAlert result={result} testId="state-result" />
    </div>
  );
}
