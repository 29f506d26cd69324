"use client";

import { Button } from "@/components/ui/button";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { DataTable } from "@/components/ui/table";
import type { Failure } from "@/lib/actions/result";
import type { ImportField, ImportMapping, ImportMode } from "@/lib/people/import/csv-import";
import type { ImportPreview } from "./actions";
import { mappingComplete } from "./import-steps";

export type FieldInfo = { key: ImportField; label: string; required: boolean };

/** Step 2: which column holds what, how each row fares, and what to do when a pool is full. */
export function CheckStep({
  fields,
  preview,
  mode,
  refusal,
  pending,
  onMapping,
  onMode,
  onImport,
}: {
  fields: FieldInfo[];
  preview: ImportPreview;
  mode: ImportMode;
  refusal: Failure | null;
  pending: boolean;
  onMapping: (mapping: ImportMapping) => void;
  onMode: (mode: ImportMode) => void;
  onImport: () => void;
}) {
  const ready = preview.total - preview.invalid;
  return (
    <>
      <fieldset className="card">
        <legend>Columns</legend>
        <div className="form-grid">
          {fields.map((f) => (
            <Field key={f.key} label={`${f.label}${f.required ? "" : " (optional)"}`}>
              <select
                value={preview.mapping[f.key] ?? -1}
                onChange={(event) => onMapping({ ...preview.mapping, [f.key]: Number(event.target.value) })}
              >
                <option value={-1}>{f.required ? "Choose a column…" : "Not in the file"}</option>
                {preview.headers.map((h, i) => (
                  <option key={h} value={i}>
                    {h}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
      </fieldset>
      {mappingComplete(preview, fields) ? (
        <>
          <p data-testid="import-counts">
            {preview.total} rows: {ready} ready, {preview.invalid} with problems (skipped).
          </p>
          <RowChecks fields={fields} preview={preview} />
          <fieldset className="card">
            <legend>When a pool has no free seat</legend>
            <CheckboxField
              type="radio"
              name="mode"
              value="manual"
              checked={mode === "manual"}
              onChange={() => onMode("manual")}
              label="Refuse the row (as when creating accounts by hand)"
            />
            <CheckboxField
              type="radio"
              name="mode"
              value="sync"
              checked={mode === "sync"}
              onChange={() => onMode("sync")}
              label="Directory sync: create it blocked, waiting for a seat; it becomes active on a later sync"
            />
          </fieldset>
          <FormAlert result={refusal} />
          <div>
            <Button variant="primary" disabled={pending || ready === 0} onClick={onImport}>
              Import {ready} people
            </Button>
          </div>
        </>
      ) : (
        <p className="alert alert-warning">Choose a column for each required field.</p>
      )}
    </>
  );
}

function RowChecks({ fields, preview }: { fields: FieldInfo[]; preview: ImportPreview }) {
  return (
    <>
      <DataTable>
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
          {preview.rows.map((r) => (
            <tr key={r.line} data-line={r.line} data-valid={r.errors.length === 0}>
              <td>{r.line}</td>
              {fields.map((f) => (
                <td key={f.key}>{r.values[f.key] ?? ""}</td>
              ))}
              <td className="wrap">{r.errors.length ? <span className="field-error">{r.errors.join(" ")}</span> : "OK"}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {preview.total > preview.rows.length ? <p className="muted">Showing the first {preview.rows.length} rows.</p> : null}
    </>
  );
}
