"use client";

import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { Tabs } from "@/components/ui/tabs";
import { failure, fieldErrorsOf, sentValue, success, type Result } from "@/lib/actions/result";
import { POOL_CHOICE } from "@/lib/vocabulary";
import { blockAccountsAction, unblockAccountsAction, type BulkOutcomes } from "../actions";
import { DeleteDialog } from "../delete-dialog";
import { changeRolesAction, moveAccountAction, sendPasswordLinkAction, setOneTimePasswordAction, updateProfileAction } from "./actions";

type Profile = { id: string; username: string; email: string; givenName: string; familyName: string };

/** Profile fields, checked like a creation. `readOnly` says why they cannot be changed here, if so. */
export function ProfileForm({ account, readOnly }: { account: Profile; readOnly: string | null }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(updateProfileAction, null);
  const errors = fieldErrorsOf(state);
  const field = (name: keyof Profile, label: string, type = "text") => (
    <Field id={`profile-${name}`} label={label} errors={errors[name]}>
      <input
        name={name}
        type={type}
        defaultValue={sentValue(state, name) ?? account[name]}
        readOnly={readOnly !== null}
        aria-readonly={readOnly !== null || undefined}
        maxLength={name === "email" ? 254 : 100}
        autoComplete="off"
      />
    </Field>
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
      <FormAlert result={state} testId="profile-result" />
      {readOnly ? null : (
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : "Save profile"}
        </Button>
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
  const area = sentValue(state, "areaId") ?? currentAreaId;
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="accountId" value={accountId} />
      <div className="inline-form">
        <Field label="Move to area" errors={fieldErrorsOf(state).areaId}>
          {/* A select takes a new default only when mounted again: the key does that. */}
          <select key={area} name="areaId" defaultValue={area}>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({POOL_CHOICE[a.pool]})
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" disabled={pending}>
          {pending ? "Moving…" : "Move"}
        </Button>
      </div>
      <FormAlert result={state} testId="move-result" />
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
  // A refused form shows the boxes as they were sent (an unticked box sends nothing).
  const sent = state && !state.ok ? state.values : undefined;
  const ticked = (name: string, current: boolean) => (sent ? sent[name] === "on" : current);
  return (
    <form action={action} className="stack" noValidate>
      <input type="hidden" name="accountId" value={account.id} />
      <fieldset className="plain-fieldset" disabled={!editable}>
        <legend className="visually-hidden">Roles</legend>
        <CheckboxField
          name="peopleAdmin"
          defaultChecked={ticked("peopleAdmin", account.isPeopleAdmin)}
          label="People administrator (Admin › People)"
        />
        <CheckboxField name="sysadmin" defaultChecked={ticked("sysadmin", account.isSysadmin)} label="Sysadmin (Admin › System, roles)" />
      </fieldset>
      {editable ? (
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save roles"}
          </Button>
        </div>
      ) : (
        <p className="muted">Only sysadmins grant and revoke roles.</p>
      )}
      <FormAlert result={state} testId="roles-result" />
    </form>
  );
}

/** The two ways to reset someone's password, one tab each. */
export function PasswordPanel({ accountId, mailReady, readOnly }: { accountId: string; mailReady: boolean; readOnly: string | null }) {
  const [oneTime, setOneTime, settingOneTime] = useActionState<Result<{ password: string }> | null, FormData>(
    setOneTimePasswordAction,
    null,
  );
  const [link, sendLink, sending] = useActionState<Result | null, FormData>(sendPasswordLinkAction, null);
  if (readOnly) return <p className="muted">{readOnly}</p>;
  return (
    <Tabs
      label="Ways to reset the password"
      tabs={[
        {
          value: "one-time",
          label: "One-time password",
          content: (
            <div className="stack">
              <form action={setOneTime}>
                <input type="hidden" name="accountId" value={accountId} />
                <Button type="submit" disabled={settingOneTime}>
                  Set a one-time password
                </Button>
              </form>
              <FormAlert result={oneTime}>
                {oneTime?.ok ? (
                  <code className="token" data-testid="one-time-password">
                    {oneTime.data.password}
                  </code>
                ) : null}
              </FormAlert>
            </div>
          ),
        },
        {
          value: "link",
          label: "E-mailed link",
          content: (
            <div className="stack">
              <form action={sendLink}>
                <input type="hidden" name="accountId" value={accountId} />
                <Button type="submit" disabled={sending || !mailReady} aria-describedby={mailReady ? undefined : "no-mail-note"}>
                  E-mail a set-password link
                </Button>
              </form>
              {mailReady ? null : (
                <p id="no-mail-note" className="muted">
                  E-mail is not set up on this console (SMTP_URL), so links cannot be sent: use a one-time password and hand it over
                  yourself.
                </p>
              )}
              <FormAlert result={link} testId="password-link-result" />
            </div>
          ),
        },
      ]}
    />
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
