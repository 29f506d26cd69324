"use client";

import { Button } from "@/components/ui/button";
import type { Success } from "@/lib/actions/result";
import { blockAccountsAction, unblockAccountsAction, type BulkOutcomes } from "./actions";
import { DeleteDialog } from "./delete-dialog";
import { MatchingActions } from "./matching-actions";
import type { PersonView, RunBulk } from "./people-table";
import type { PeopleQuery } from "@/lib/people/people-query";

/** Above the table: what is selected and what can be done to it all at once; `children` ends the bar (the Columns menu). */
export function BulkToolbar({
  selected,
  query,
  total,
  capped,
  pending,
  onRun,
  onDeleted,
  children,
}: {
  selected: PersonView[];
  /** The view and how many it matches: "All N matching…" acts on every one of them. */
  query: PeopleQuery;
  total: number;
  capped: boolean;
  pending: boolean;
  onRun: RunBulk;
  onDeleted: (outcome: Success<BulkOutcomes>) => string | null;
  children?: React.ReactNode;
}) {
  const none = selected.length === 0;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Actions on selected people">
      <span className="muted">{none ? "Select people to act on several at once" : `${selected.length} selected`}</span>
      <Button disabled={none || pending} onClick={() => onRun(blockAccountsAction, selected)}>
        Block selected
      </Button>
      <Button disabled={none || pending} onClick={() => onRun(unblockAccountsAction, selected)}>
        Unblock selected
      </Button>
      <DeleteDialog
        targets={selected}
        trigger={
          <Button variant="danger" disabled={none || pending}>
            Delete selected…
          </Button>
        }
        onDeleted={onDeleted}
      />
      <MatchingActions query={query} total={total} capped={capped} />
      {children}
    </div>
  );
}
