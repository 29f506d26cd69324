"use client";

import { useActionState, useTransition } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { toastResult } from "@/components/ui/toast";
import { addGroupMappingAction, moveGroupMappingAction, removeGroupMappingAction } from "./actions";

type AreaChoice = { id: string; name: string; pool: "PRIMARY" | "EXTRANET" };

export function AddMappingForm({ areas }: { areas: AreaChoice[] }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(addGroupMappingAction, null);
  const errors = fieldErrorsOf(state);
  return (
    <form action={action} className="stack" noValidate>
      <div className="inline-form">
        <Field label="Group" id="mapping-group" errors={errors.groupName} description="As the directory names it (or its external id).">
          <input name="groupName" required maxLength={256} autoComplete="off" defaultValue={sentValue(state, "groupName")} />
        </Field>
        <Field label="Matched by" id="mapping-match" errors={errors.matchBy}>
          <select name="matchBy" defaultValue={sentValue(state, "matchBy") ?? "DISPLAY_NAME"}>
            <option value="DISPLAY_NAME">Group name</option>
            <option value="EXTERNAL_ID">External id</option>
          </select>
        </Field>
        <Field label="Area" id="mapping-area" errors={errors.areaId}>
          <select name="areaId" required defaultValue={sentValue(state, "areaId") ?? ""}>
            <option value="" disabled>
              Choose an area
            </option>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.pool === "PRIMARY" ? "primary area" : "extranet"})
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Adding…" : "Add mapping"}
        </Button>
      </div>
      <FormAlert result={state} testId="mapping-result" />
    </form>
  );
}

export function MappingActions({ id, groupName, first, last }: { id: string; groupName: string; first: boolean; last: boolean }) {
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<Result>) => startTransition(async () => toastResult(await work()));
  return (
    <div className="row-actions">
      <Button
        size="small"
        disabled={pending || first}
        aria-label={`Move ${groupName} up`}
        onClick={() => run(() => moveGroupMappingAction({ id, direction: "up" }))}
      >
        Up
      </Button>
      <Button
        size="small"
        disabled={pending || last}
        aria-label={`Move ${groupName} down`}
        onClick={() => run(() => moveGroupMappingAction({ id, direction: "down" }))}
      >
        Down
      </Button>
      <Button
        variant="danger"
        size="small"
        disabled={pending}
        aria-label={`Remove the mapping of ${groupName}`}
        onClick={() => run(() => removeGroupMappingAction({ id }))}
      >
        Remove
      </Button>
    </div>
  );
}
