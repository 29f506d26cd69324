"use client";

import { useState, useTransition } from "react";
import { applyLicenseAction, previewLicenseAction, type LicensePreview } from "./actions";
import type { Result } from "@/lib/actions/result";

/** Apply a license: upload or paste it, check what changes, then confirm. */
export function ApplyLicenseForm() {
  const [text, setText] = useState("");
  const [preview, setPreview] = useState<Result<LicensePreview> | null>(null);
  const [applied, setApplied] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const check = () =>
    startTransition(async () => {
      setApplied(null);
      setPreview(await previewLicenseAction({ document: text }));
    });
  const apply = (document: string) =>
    startTransition(async () => {
      const result = await applyLicenseAction({ document });
      setApplied(result.ok ? { ok: true, message: result.message } : { ok: false, message: result.error });
      if (result.ok) {
        setPreview(null);
        setText("");
      }
    });

  return (
    <div className="stack">
      <label className="field">
        <span>License file</span>
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
      </label>
      <label className="field">
        <span>…or paste the license text</span>
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
      </label>
      <div>
        <button type="button" className="button" disabled={pending || !text.trim()} onClick={check}>
          Check license
        </button>
      </div>
      <div aria-live="polite" data-testid="license-preview">
        {preview && !preview.ok ? (
          <p className="alert alert-error" role="alert">
            {preview.error}
          </p>
        ) : null}
        {preview && preview.ok ? (
          <div className="alert alert-success" role="status">
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
            <button type="button" className="button button-primary" disabled={pending} onClick={() => apply(preview.data.document)}>
              Apply this license
            </button>
          </div>
        ) : null}
        {applied ? (
          <p className={`alert ${applied.ok ? "alert-success" : "alert-error"}`} role={applied.ok ? "status" : "alert"}>
            {applied.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}
