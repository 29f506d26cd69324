"use client";

import { useState, useTransition } from "react";
import { applyLicenseAction, previewLicenseAction, type LicensePreview } from "./actions";
import { fieldErrorsOf, type Result } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";

/** Apply a license: upload or paste it, check what changes, then confirm. */
export function ApplyLicenseForm() {
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<Result<LicensePreview> | null>(null);
  const [applied, setApplied] = useState<Result | null>(null);
  const [pending, startTransition] = useTransition();

  const check = () =>
    startTransition(async () => {
      setApplied(null);
      setPreview(await previewLicenseAction({ document: text }));
    });
  const apply = (document: string) =>
    startTransition(async () => {
      const result = await applyLicenseAction({ document });
      setApplied(result);
      if (result.ok) {
        setPreview(null);
        setText("");
      }
    });

  return (
    <div className="stack">
      <Field label="License file" id="license-file">
        <input
          type="file"
          accept=".json,.lic,.txt,application/json,text/plain"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            if (file.size > 16_384) {
              setPreview({ ok: false, error: "This file is far larger than a license file." });
              return;
            }
            setText(await file.text());
            setPreview(null);
          }}
        />
      </Field>
      <Field
        label="…or paste the license text"
        id="license-text"
        errors={fieldErrorsOf(preview).document ?? fieldErrorsOf(applied).document}
      >
        <textarea
          name="document"
          rows={8}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setPreview(null);
          }}
          spellCheck={false}
        />
      </Field>
      <div>
        <Button disabled={pending || !text.trim()} onClick={check}>
          Check license
        </Button>
      </div>
      <div data-testid="license-preview">
        <FormAlert result={preview}>
          {preview?.ok ? (
            <>
              <p>
                <strong>The signature is valid. Applying this license changes:</strong>
              </p>
              <table className="changes">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Now</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.data.changes.map((c) => (
                    <tr key={c.field} className={c.from !== c.to ? "changed" : undefined} data-field={c.field}>
                      <th scope="row">{c.field}</th>
                      <td>{c.from}</td>
                      <td>{c.from === c.to ? c.to : `${c.from} → ${c.to}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.data.warnings.map((w) => (
                <p key={w} className="alert alert-warning">
                  {w}
                </p>
              ))}
              <Button variant="primary" disabled={pending} onClick={() => apply(preview.data.document)}>
                Apply this license
              </Button>
            </>
          ) : null}
        </FormAlert>
        <FormAlert result={applied} />
      </div>
    </div>
  );
}
