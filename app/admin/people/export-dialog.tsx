"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose } from "@/components/ui/dialog";
import { CheckboxField } from "@/components/ui/field";
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMN_KEYS, EXPORT_COLUMNS } from "@/lib/people/export-columns";
import type { PeopleQuery } from "@/lib/people/people-query";

/** Admin > People > Export: pick the columns and the scope, then download the CSV. */
export function ExportDialog({ query, total, capped }: { query: PeopleQuery; total: number; capped: boolean }) {
  const [open, setOpen] = useState(false);
  const filtered = Boolean(query.q || query.area || query.state || query.inactive);
  return (
    <Dialog open={open} onOpenChange={setOpen} trigger={<Button>Export…</Button>} title="Export people to CSV">
      {/* A plain GET: the browser downloads the file. The dialog closes a moment later, since a form
          taken out of the page before its submission has started sends nothing. */}
      <form method="get" action="/admin/people/export" onSubmit={() => setTimeout(() => setOpen(false))}>
        <fieldset>
          <legend>Columns</legend>
          <div className="checkbox-grid">
            {EXPORT_COLUMN_KEYS.map((key) => (
              <CheckboxField
                key={key}
                name="columns"
                value={key}
                defaultChecked={DEFAULT_EXPORT_COLUMNS.includes(key)}
                label={
                  <>
                    {EXPORT_COLUMNS[key].header}
                    {key === "state" ? <span className="muted"> (Yes = active, No = blocked)</span> : null}
                  </>
                }
              />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>People</legend>
          <CheckboxField
            type="radio"
            name="scope"
            value="filter"
            defaultChecked={filtered}
            disabled={!filtered}
            label={`The current view${filtered ? ` (${capped ? "more than " : ""}${total.toLocaleString("en")} people)` : " (no filter is set)"}`}
          />
          <CheckboxField type="radio" name="scope" value="all" defaultChecked={!filtered} label="Everyone" />
        </fieldset>
        {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
        {query.area ? <input type="hidden" name="area" value={query.area} /> : null}
        {query.state ? <input type="hidden" name="state" value={query.state} /> : null}
        {query.inactive ? <input type="hidden" name="inactive" value={query.inactive} /> : null}
        <div className="dialog-buttons">
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button type="submit" variant="primary">
            Download CSV
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
