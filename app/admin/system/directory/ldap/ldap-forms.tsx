"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import { fieldErrorsOf, sentValue, type Result } from "@/lib/actions/result";
import { utcMinute } from "@/lib/format/utc";
import type { LdapSyncRunView } from "@/lib/ldap/read-sync-runs";
import type { LdapSettingsView } from "@/lib/ldap/settings";
import { AD_USERNAME_ATTRIBUTES, LDAP_PRESETS, type AreaRule, type LdapPreset } from "@/lib/ldap/settings-schema";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CheckboxField, Field, FieldError } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { RUN_BADGE } from "./run-state";
import { previewLdapSyncAction, runLdapSyncAction, saveLdapSettingsAction, testLdapConnectionAction } from "./actions";

/** The page's settings (lib/ldap/settings.ts's view), with the date as the page serialises it. */
type Settings = Omit<LdapSettingsView, "updatedAt"> & { updatedAt: string };

type Area = { id: string; name: string; pool: string };

const MAPPED = [
  "userFilter",
  "usernameAttribute",
  "emailAttribute",
  "givenNameAttribute",
  "familyNameAttribute",
  "externalIdAttribute",
] as const;

export function LdapSettingsForm({ settings, areas }: { settings: Settings | null; areas: Area[] }) {
  const [state, action, pending] = useActionState<Result | null, FormData>(saveLdapSettingsAction, null);
  const errors = fieldErrorsOf(state);
  const start = settings ?? { ...LDAP_PRESETS.ACTIVE_DIRECTORY, preset: "ACTIVE_DIRECTORY" as const, areaMode: "GROUPS" as const };
  const [preset, setPreset] = useState<LdapPreset>(start.preset);
  const [mapping, setMapping] = useState(
    () => Object.fromEntries(MAPPED.map((k) => [k, start[k]])) as Record<(typeof MAPPED)[number], string>,
  );
  const [disabledFlag, setDisabledFlag] = useState(start.disabledByUserAccountControl);
  const [areaMode, setAreaMode] = useState<"GROUPS" | "FILTERS">(start.areaMode);
  const [rules, setRules] = useState<AreaRule[]>(settings?.areaRules ?? []);
  const form = useRef<HTMLFormElement>(null);
  const [testing, startTest] = useTransition();
  const [tested, setTested] = useState<Result | null>(null);
  // What the form holds now, saved or not (an empty password: the saved one).
  const testConnection = () =>
    startTest(async () => setTested(await testLdapConnectionAction(null, new FormData(form.current ?? undefined))));

  const choosePreset = (next: LdapPreset) => {
    setPreset(next);
    const values = LDAP_PRESETS[next];
    setMapping(Object.fromEntries(MAPPED.map((k) => [k, values[k]])) as typeof mapping);
    setDisabledFlag(values.disabledByUserAccountControl);
  };
  const mapped = (key: (typeof MAPPED)[number], label: string, description?: string) => (
    <Field label={label} id={`ldap-${key}`} errors={errors[key]} description={description}>
      <input name={key} value={mapping[key]} onChange={(e) => setMapping({ ...mapping, [key]: e.target.value })} required />
    </Field>
  );

  return (
    <form ref={form} action={action} className="stack" noValidate>
      <Field
        label="Server"
        id="ldap-url"
        errors={errors.url}
        description="ldaps://host:636, or ldap://host:389, which the console always upgrades with StartTLS before sending anything."
      >
        <input name="url" defaultValue={sentValue(state, "url") ?? settings?.url ?? ""} placeholder="ldaps://dc1.example.com" required />
      </Field>
      <Field
        label="CA certificate to trust (PEM)"
        id="ldap-ca"
        errors={errors.caCertificate}
        description="The certificate of the authority that signed the server's certificate. Empty: the system's authorities."
      >
        <textarea
          name="caCertificate"
          rows={4}
          defaultValue={sentValue(state, "caCertificate") ?? settings?.caCertificate ?? ""}
          placeholder="-----BEGIN CERTIFICATE-----"
        />
      </Field>
      <Field
        label="Bind DN"
        id="ldap-bind-dn"
        errors={errors.bindDn}
        description="A service account that may read the people and their groups."
      >
        <input
          name="bindDn"
          defaultValue={sentValue(state, "bindDn") ?? settings?.bindDn ?? ""}
          placeholder="CN=Seatkeeper,OU=Service accounts,DC=example,DC=com"
          required
        />
      </Field>
      <Field
        label="Bind password"
        id="ldap-bind-password"
        errors={errors.bindPassword}
        description={
          settings?.hasBindPassword ? "Stored encrypted and never shown. Leave empty to keep it." : "Stored encrypted and never shown."
        }
      >
        <input
          name="bindPassword"
          type="password"
          autoComplete="new-password"
          placeholder={settings?.hasBindPassword ? "(unchanged)" : ""}
        />
      </Field>
      <Field label="Base DN" id="ldap-base-dn" errors={errors.baseDn} description="Where people are searched (the whole subtree).">
        <input
          name="baseDn"
          defaultValue={sentValue(state, "baseDn") ?? settings?.baseDn ?? ""}
          placeholder="OU=Staff,DC=example,DC=com"
          required
        />
      </Field>
      <Field
        label="Preset"
        id="ldap-preset"
        errors={errors.preset}
        description="Fills the filter and the attribute mapping below; change any of them after."
      >
        <select name="preset" value={preset} onChange={(e) => choosePreset(e.target.value as LdapPreset)}>
          {Object.entries(LDAP_PRESETS).map(([key, p]) => (
            <option key={key} value={key}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      {mapped("userFilter", "User filter", "Which entries are people to sync, e.g. (&(objectClass=user)(objectCategory=person)).")}
      {mapped(
        "usernameAttribute",
        "User name attribute",
        preset === "ACTIVE_DIRECTORY"
          ? `Active Directory: ${AD_USERNAME_ATTRIBUTES.join(" or ")}. People sign in with it.`
          : "People sign in with it.",
      )}
      {mapped("emailAttribute", "E-mail attribute")}
      {mapped("givenNameAttribute", "Given name attribute")}
      {mapped("familyNameAttribute", "Family name attribute")}
      {mapped(
        "externalIdAttribute",
        "Stable id attribute",
        "Never changes, even on a rename: objectGUID (Active Directory), entryUUID (OpenLDAP).",
      )}
      <CheckboxField
        name="disabledByUserAccountControl"
        label="Disabled when bit 2 of userAccountControl is set (Active Directory)"
        checked={disabledFlag}
        onChange={(e) => setDisabledFlag(e.target.checked)}
      />
      <fieldset className="stack">
        <legend>Areas</legend>
        <p className="muted">
          Each person goes to the area of the <strong>first</strong> rule they match, in this order; someone in groups of two areas goes to
          the one higher up.
        </p>
        <Field label="Decide the area by" id="ldap-area-mode" errors={errors.areaMode}>
          <select name="areaMode" value={areaMode} onChange={(e) => setAreaMode(e.target.value as "GROUPS" | "FILTERS")}>
            <option value="GROUPS">group membership (memberOf holds the group DN)</option>
            <option value="FILTERS">an LDAP filter per area</option>
          </select>
        </Field>
        <ol className="stack" data-testid="ldap-area-rules">
          {rules.map((rule, i) => (
            <li key={i} className="inline-form">
              <Field label={`Rule ${i + 1}: area`} id={`ldap-rule-${i}-area`}>
                <select
                  name={`areaRules.${i}.areaId`}
                  value={rule.areaId}
                  onChange={(e) => setRules(rules.map((r, j) => (j === i ? { ...r, areaId: e.target.value } : r)))}
                >
                  <option value="">Choose an area</option>
                  {areas.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={areaMode === "GROUPS" ? "Group DN" : "Filter"} id={`ldap-rule-${i}-match`}>
                <input
                  name={`areaRules.${i}.match`}
                  value={rule.match}
                  placeholder={areaMode === "GROUPS" ? "CN=Partners,OU=Groups,DC=example,DC=com" : "(department=Sales)"}
                  onChange={(e) => setRules(rules.map((r, j) => (j === i ? { ...r, match: e.target.value } : r)))}
                />
              </Field>
              <Button
                type="button"
                size="small"
                disabled={i === 0}
                onClick={() => setRules(swap(rules, i, i - 1))}
                aria-label={`Move rule ${i + 1} up`}
              >
                Up
              </Button>
              <Button
                type="button"
                size="small"
                onClick={() => setRules(rules.filter((_, j) => j !== i))}
                aria-label={`Remove rule ${i + 1}`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ol>
        <FieldError id="ldap-area-rules-error" messages={errors.areaRules} />
        <div>
          <Button type="button" onClick={() => setRules([...rules, { areaId: "", match: "" }])}>
            Add a rule
          </Button>
        </div>
        <Field
          label="Area of people no rule matches"
          id="ldap-default-area"
          errors={errors.defaultAreaId}
          description="None: they are not synced (and accounts of people who leave every group are blocked)."
        >
          <select name="defaultAreaId" defaultValue={sentValue(state, "defaultAreaId") ?? settings?.defaultAreaId ?? ""}>
            <option value="">None</option>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <Field
        label="Sync every (minutes)"
        id="ldap-schedule"
        errors={errors.scheduleMinutes}
        description="60 by default; empty turns scheduled syncs off (Sync now still works)."
      >
        <input
          name="scheduleMinutes"
          type="number"
          min={15}
          defaultValue={sentValue(state, "scheduleMinutes") ?? (settings ? (settings.scheduleMinutes ?? "") : 60)}
        />
      </Field>
      <FormAlert result={state} testId="ldap-settings-outcome" />
      <FormAlert result={tested} testId="ldap-test-outcome" />
      <div className="row-actions">
        <Button type="submit" variant="primary" disabled={pending}>
          Save settings
        </Button>
        <Button type="button" disabled={testing} onClick={testConnection}>
          {testing ? "Testing…" : "Test connection"}
        </Button>
      </div>
      <p className="muted">Test connection tries the values above as they are, without saving them.</p>
      {settings ? (
        <p className="muted">
          Last saved by {settings.updatedBy} on {settings.updatedAt.slice(0, 16).replace("T", " ")} UTC.
        </p>
      ) : null}
    </form>
  );
}

function swap<T>(items: T[], a: number, b: number): T[] {
  const copy = [...items];
  [copy[a], copy[b]] = [copy[b], copy[a]];
  return copy;
}

type Problems = { problems: { dn: string; problem: string }[]; summary?: string };
type Outcome = Result<Problems | { run: LdapSyncRunView } | undefined> | null;

const POLL_MS = 1500;

const SUMMARY_TONE: Record<LdapSyncRunView["phase"], string> = {
  QUEUED: "",
  READING: "",
  APPLYING: "",
  DONE: "alert-success",
  FAILED: "alert-error",
  INTERRUPTED: "alert-warning",
};

/** The entries a sync skipped and why, folded (also in the list of runs, page.tsx). */
export function SkippedEntries({ problems, summary = "Skipped entries" }: Problems) {
  if (!problems.length) return null;
  return (
    <details>
      <summary>{summary}</summary>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <code>{p.dn}</code>: {p.problem}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * Preview and Sync now. A sync runs in the background: this follows the newest run (in progress
 * or finished, so a reload or a later visit shows the same), polling its status while it runs.
 */
export function LdapSyncPanel({ configured, latest }: { configured: boolean; latest: LdapSyncRunView | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [run, setRun] = useState(latest);
  const [follow, setFollow] = useState(Boolean(latest?.running));
  useEffect(() => {
    if (!follow) return;
    const timer = setInterval(async () => {
      const response = await fetch("/admin/system/directory/ldap/status", { cache: "no-store" });
      if (!response.ok) return;
      const { run: next } = (await response.json()) as { run: LdapSyncRunView | null };
      setRun(next);
      if (!next?.running) {
        setFollow(false);
        router.refresh(); // the list of last runs
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [follow, router]);
  const preview = () => startTransition(async () => setOutcome(await previewLdapSyncAction()));
  const syncNow = () =>
    startTransition(async () => {
      const result = await runLdapSyncAction();
      setOutcome(result.ok ? null : result);
      if (result.ok && result.data && "run" in result.data) setRun(result.data.run);
      // Started, or one is already going: follow it either way.
      setFollow(true);
    });
  const previewProblems = outcome?.ok && outcome.data && "problems" in outcome.data ? outcome.data.problems : [];
  const running = Boolean(run?.running);
  return (
    <div className="stack">
      <div className="row-actions">
        <Button disabled={pending || !configured} onClick={preview}>
          Preview
        </Button>
        <Button variant="primary" disabled={pending || !configured || running} onClick={syncNow}>
          Sync now
        </Button>
      </div>
      {pending ? <p role="status">Working… (a preview reads the whole directory: a large one takes a while)</p> : null}
      <FormAlert result={outcome} testId="ldap-outcome">
        <SkippedEntries problems={previewProblems} />
      </FormAlert>
      {run ? (
        <div className="card" data-testid="ldap-run" aria-live="polite">
          <p>
            <Badge tone={RUN_BADGE[run.phase].tone} data-testid="ldap-run-state">
              {RUN_BADGE[run.phase].word}
            </Badge>{" "}
            {running ? "Sync in progress" : "Last sync"}, started by {run.trigger} at {utcMinute(run.startedAt)}
            {run.finishedAt ? `, ended at ${utcMinute(run.finishedAt)}` : ""}.
          </p>
          <p
            role={run.phase === "FAILED" || run.phase === "INTERRUPTED" ? "alert" : "status"}
            className={`alert ${SUMMARY_TONE[run.phase]}`}
            data-testid="ldap-run-summary"
          >
            {run.summary}
          </p>
          <SkippedEntries problems={run.problems} />
        </div>
      ) : null}
    </div>
  );
}
