"use client";

import { useState, useTransition } from "react";
import type { ImportField, ImportMapping } from "@/lib/people/import/csv-import";
import { applyImportAction, previewImportAction, type ImportOutcomes, type ImportPreview } from "./actions";
import type { Result } from "@/lib/actions/result";
import { utcDate } from "@/lib/format/utc";

type FieldInfo = { key: ImportField; label: string; required: boolean };

export function ImportWizard({ fields, maxBytes }: { fields: FieldInfo[]; maxBytes: number }) {
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [preview, setPreview] = useState<Result<ImportPreview> | null>(null);
  const [mode, setMode] = useState<"manual" | "sync">("manual");
  const [result, setResult] = useState<Result<ImportOutcomes> | null>(null);
  const [pending, startTransition] = useTransition();

  const check = (content: string, mapping?: ImportMapping) =>
    startTransition(async () => {
      setResult(null);
      setPreview(await previewImportAction({ text: content, mapping }));
    });

  const mapping = preview?.ok ? preview.data.mapping : undefined;
  const mappingComplete = mapping !== undefined && fields.every((f) => !f.required || (mapping[f.key] ?? -1) >= 0);

  return (
    <div className="stack">
      <label className="field">
        <span>CSV file (UTF-8, with a header row; at most {maxBytes / 1024 / 1024} MB)</span>
        <input
          type="file"
          accept=".csv,text/csv"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            setResult(null);
            if (!file) return;
            setFileName(file.name);
            if (file.size > maxBytes) {
              setText(null);
              setPreview({ ok: false, error: `The file is larger than ${maxBytes / 1024 / 1024} MB: split it into smaller files.` });
              return;
            }
            const content = await file.text();
            setText(content);
            check(content);
          }}
        />
      </label>
      <div aria-live="polite" data-testid="import-preview">
        {preview && !preview.ok ? (
          <p className="alert alert-error" role="alert">
            {fileName ? `${fileName}: ` : ""}
            {preview.error}
          </p>
        ) : null}
      </div>
      {preview?.ok && text !== null ? (
        <>
          <fieldset className="card">
            <legend>Columns</legend>
            <div className="form-grid">
              {fields.map((f) => (
                <label key={f.key} className="field">
                  <span>
                    {f.label}
                    {f.required ? "" : " (optional)"}
                  </span>
                  <select
                    value={preview.data.mapping[f.key] ?? -1}
                    onChange={(event) => check(text, { ...preview.data.mapping, [f.key]: Number(event.target.value) })}
                  >
                    <option value={-1}>{f.required ? "Choose a column…" : "Not in the file"}</option>
                    {preview.data.headers.map((h, i) => (
                      <option key={h} value={i}>
                        {h}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          </fieldset>
          {mappingComplete ? (
            <>
              <p data-testid="import-counts">
                {preview.data.total} rows: {preview.data.total - preview.data.invalid} ready, {preview.data.invalid} with problems
                (skipped).
              </p>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      {fields.map((f) => (
                        <th key={f.key} scope="col">
                          {f.label}
                        </th>
                      ))}
                      <th scope="col">Check</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.data.rows.map((r) => (
                      <tr key={r.line} data-line={r.line} data-valid={r.errors.length === 0}>
                        <td>{r.line}</td>
                        {fields.map((f) => (
                          <td key={f.key}>{r.values[f.key] ?? ""}</td>
                        ))}
                        <td className="wrap">{r.errors.length ? <span className="field-error">{r.errors.join(" ")}</span> : "OK"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.data.total > preview.data.rows.length ? (
                <p className="muted">Showing the first {preview.data.rows.length} rows.</p>
              ) : null}
              <fieldset className="card">
                <legend>When a pool has no free seat</legend>
                <label className="checkbox">
                  <input type="radio" name="mode" value="manual" checked={mode === "manual"} onChange={() => setMode("manual")} />
                  Refuse the row (as when creating accounts by hand)
                </label>
                <label className="checkbox">
                  <input type="radio" name="mode" value="sync" checked={mode === "sync"} onChange={() => setMode("sync")} />
                  Directory sync: create it blocked, waiting for a seat; it becomes active on a later sync
                </label>
              </fieldset>
              <div>
                <button
                  type="button"
                  className="button button-primary"
                  disabled={pending || preview.data.total === preview.data.invalid}
                  onClick={() =>
                    startTransition(async () => {
                      setResult(await applyImportAction({ text, mapping: preview.data.mapping, mode }));
                    })
                  }
                >
                  Import {preview.data.total - preview.data.invalid} people
                </button>
              </div>
            </>
          ) : (
            <p className="alert alert-warning">Choose a column for each required field.</p>
          )}
        </>
      ) : null}
      <div aria-live="polite" data-testid="import-result">
        {result && !result.ok ? (
          <p className="alert alert-error" role="alert">
            {result.error}
          </p>
        ) : null}
        {result && result.ok ? (
          <div className="alert alert-success" role="status">
            <p>
              <strong>
                {result.data.counts.created} created, {result.data.counts.waiting} waiting for a seat, {result.data.counts.refused} refused
                for lack of a seat, {result.data.counts.invalid} skipped.
              </strong>
            </p>
            <a
              className="button"
              download={`import-result-${utcDate(new Date())}.csv`}
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(result.data.resultCsv)}`}
            >
              Download the result (CSV)
            </a>
          </div>
        ) : null}
      </div>
    </div>
  );
}
