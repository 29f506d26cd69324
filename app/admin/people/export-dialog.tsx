"use client";

import { useRef } from "react";
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMN_KEYS, EXPORT_COLUMNS } from "@/lib/people/export-columns";
import type { PeopleQuery } from "@/lib/people/people-query";

/** Admin > People > Export: pick the columns and the scope, then download the CSV. */
export function ExportDialog({ query, total }: { query: PeopleQuery; total: number }) {
  const ref = useRef<HTMLDialogElement>(null);
  const filtered = Boolean(query.q || query.area || query.state);
  return (
    <>
      <button type="button" className="button" onClick={() => ref.current?.showModal()}>
        Export…
      </button>
      <dialog ref={ref} className="dialog" aria-labelledby="export-title">
        <form method="get" action="/admin/people/export" onSubmit={() => ref.current?.close()}>
          <h2 id="export-title">Export people to CSV</h2>
          <fieldset>
            <legend>Columns</legend>
            <div className="checkbox-grid">
              {EXPORT_COLUMN_KEYS.map((key) => (
                <label key={key} className="checkbox">
                  <input type="checkbox" name="columns" value={key} defaultChecked={DEFAULT_EXPORT_COLUMNS.includes(key)} />
                  {EXPORT_COLUMNS[key].header}
                  {key === "state" ? <span className="muted"> (Yes = active, No = blocked)</span> : null}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>People</legend>
            <label className="checkbox">
              <input type="radio" name="scope" value="filter" defaultChecked={filtered} disabled={!filtered} />
              The current view{filtered ? ` (${total.toLocaleString("en")} people)` : " (no filter is set)"}
            </label>
            <label className="checkbox">
              <input type="radio" name="scope" value="all" defaultChecked={!filtered} />
              Everyone
            </label>
          </fieldset>
          {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
          {query.area ? <input type="hidden" name="area" value={query.area} /> : null}
          {query.state ? <input type="hidden" name="state" value={query.state} /> : null}
          <div className="dialog-buttons">
            <button type="button" className="button" onClick={() => ref.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button button-primary">
              Download CSV
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
