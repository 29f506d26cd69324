"use client";

import type { RowSelectionState } from "@tanstack/react-table";
import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { Result, Success } from "@/lib/actions/result";
import { peopleQueryToSearchParams, type PeopleQuery } from "@/lib/people/people-query";
import type { BulkOutcomes } from "./actions";
import { BulkResult } from "./bulk-result";
import { BulkToolbar } from "./bulk-toolbar";
import { ColumnsMenu } from "./columns-menu";
import { PeoplePager } from "./people-pager";
import { PeopleTable, usePeopleTable, type PersonView, type RunBulk } from "./people-table";
import { useStoredColumnVisibility } from "./stored-column-visibility";

type Props = {
  rows: PersonView[];
  query: PeopleQuery;
  /** How many people the view holds; with `capped`, more than this many (see listPeople). */
  total: number;
  capped: boolean;
  pageCount: number;
  selfId: string;
  viewerIsSysadmin: boolean;
};

/** The People list: the bulk toolbar, the last bulk outcome, the table and its pager, sharing the selection. */
export function PeopleList({ rows, query, total, capped, pageCount, selfId, viewerIsSysadmin }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [columnVisibility, setColumnVisibility] = useStoredColumnVisibility("seatkeeper.people.columns");
  const [result, setResult] = useState<Result<BulkOutcomes> | null>(null);
  const [pending, startTransition] = useTransition();

  const href = (change: Partial<PeopleQuery>) => {
    const params = peopleQueryToSearchParams({ ...query, ...change });
    return params.size ? `${pathname}?${params}` : pathname;
  };
  const table = usePeopleTable({
    rows,
    query,
    onSort: (sort, dir) => router.push(href({ sort, dir, page: 1 })),
    rowSelection,
    onRowSelectionChange: setRowSelection,
    columnVisibility,
    onColumnVisibilityChange: setColumnVisibility,
  });

  const selected = rows.filter((r) => rowSelection[r.id]);
  const run: RunBulk = (action, targets) =>
    startTransition(async () => {
      const outcome = await action({ ids: targets.map((t) => t.id) });
      setResult(outcome);
      if (outcome.ok) setRowSelection({});
    });
  // Each account's outcome (some may be refused) shows above the table, like block and unblock.
  const deleted = (outcome: Success<BulkOutcomes>) => {
    setRowSelection({});
    setResult(outcome);
    return null;
  };

  return (
    <>
      <BulkToolbar selected={selected} query={query} total={total} capped={capped} pending={pending} onRun={run} onDeleted={deleted}>
        <ColumnsMenu table={table} />
      </BulkToolbar>
      <BulkResult result={result} onDismiss={() => setResult(null)} />
      <PeopleTable table={table} selfId={selfId} viewerIsSysadmin={viewerIsSysadmin} pending={pending} onRun={run} onDeleted={deleted} />
      <PeoplePager query={query} total={total} capped={capped} pageCount={pageCount} href={href} />
    </>
  );
}
