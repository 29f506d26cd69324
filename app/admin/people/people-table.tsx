"use client";

import {
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { AccountStateBadge } from "@/components/account-state-badge";
import { Pager } from "@/components/ui/pager";
import { UtcTime } from "@/components/utc-time";
import { PAGE_SIZES, peopleQueryToSearchParams, SORT_KEYS, type PeopleQuery } from "@/lib/people/people-query";
import { blockAccountsAction, deleteAccountsAction, unblockAccountsAction, type BulkOutcomes } from "./actions";
import { BulkResultView } from "./bulk-result";
import { DeleteDialog } from "./delete-dialog";
import type { Result } from "@/lib/actions/result";

export type PersonView = {
  id: string;
  name: string;
  username: string;
  email: string;
  area: string;
  state: "ACTIVE" | "BLOCKED";
  blockedReason: "ADMIN" | "NO_SEAT" | "DIRECTORY" | null;
  createdAt: string;
  lastSignInAt: string | null;
  isSysadmin: boolean;
};

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature });
const helper = createColumnHelper<typeof features, PersonView>();

const columns = helper.columns([
  helper.display({
    id: "select",
    enableSorting: false,
    header: ({ table }) => (
      <input
        type="checkbox"
        aria-label="Select all people on this page"
        checked={table.getIsAllPageRowsSelected()}
        ref={(el) => {
          if (el) el.indeterminate = table.getIsSomePageRowsSelected();
        }}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <input
        type="checkbox"
        aria-label={`Select ${row.original.username}`}
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  }),
  helper.accessor("name", {
    id: "name",
    header: "Name",
    cell: ({ row }) => <Link href={`/admin/people/${row.original.id}`}>{row.original.name}</Link>,
  }),
  helper.accessor("username", { id: "username", header: "User name" }),
  helper.accessor("email", { id: "email", header: "E-mail" }),
  helper.accessor("area", { id: "area", header: "Area", enableSorting: false }),
  helper.accessor("state", {
    id: "state",
    header: "Account state",
    cell: ({ row }) => <AccountStateBadge state={row.original.state} blockedReason={row.original.blockedReason} />,
  }),
  helper.accessor("createdAt", { id: "created", header: "Created", cell: ({ getValue }) => <UtcTime value={getValue()} dateOnly /> }),
  helper.accessor("lastSignInAt", {
    id: "lastSignIn",
    header: "Last sign-in",
    cell: ({ getValue }) => <UtcTime value={getValue()} dateOnly />,
  }),
]);

type Props = { rows: PersonView[]; query: PeopleQuery; total: number; pageCount: number; selfId: string; viewerIsSysadmin: boolean };

export function PeopleTable({ rows, query, total, pageCount, selfId, viewerIsSysadmin }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [result, setResult] = useState<Result<BulkOutcomes> | null>(null);
  const [pending, startTransition] = useTransition();
  const [deleting, setDeleting] = useState<PersonView[] | null>(null);

  const sorting: SortingState = useMemo(() => [{ id: query.sort, desc: query.dir === "desc" }], [query.sort, query.dir]);
  const href = (change: Partial<PeopleQuery>) => {
    const params = peopleQueryToSearchParams({ ...query, ...change });
    return params.size ? `${pathname}?${params}` : pathname;
  };
  // Sorting happens in the database: a header click only changes the URL.
  const onSortingChange = (updater: Updater<SortingState>) => {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    const first = next[0] ?? { id: "name", desc: false };
    if (!(SORT_KEYS as readonly string[]).includes(first.id)) return;
    router.push(href({ sort: first.id as PeopleQuery["sort"], dir: first.desc ? "desc" : "asc", page: 1 }));
  };

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting, rowSelection },
    onSortingChange,
    onRowSelectionChange: setRowSelection,
  });

  const selected = rows.filter((r) => rowSelection[r.id]);
  const run = (action: (input: { ids: string[] }) => Promise<Result<BulkOutcomes>>, targets: PersonView[]) =>
    startTransition(async () => {
      const outcome = await action({ ids: targets.map((t) => t.id) });
      setResult(outcome);
      if (outcome.ok) setRowSelection({});
    });

  return (
    <>
      <div className="bulk-bar" role="toolbar" aria-label="Actions on selected people">
        <span className="muted">{selected.length ? `${selected.length} selected` : "Select people to act on several at once"}</span>
        <button type="button" className="button" disabled={!selected.length || pending} onClick={() => run(blockAccountsAction, selected)}>
          Block selected
        </button>
        <button
          type="button"
          className="button"
          disabled={!selected.length || pending}
          onClick={() => run(unblockAccountsAction, selected)}
        >
          Unblock selected
        </button>
        <button type="button" className="button button-danger" disabled={!selected.length || pending} onClick={() => setDeleting(selected)}>
          Delete selected…
        </button>
      </div>
      <div aria-live="polite" data-testid="bulk-result">
        {result ? <BulkResultView result={result} onClose={() => setResult(null)} /> : null}
      </div>
      <div className="table-wrap">
        <table className="table" aria-describedby="list-summary">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                          <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
                <th scope="col">Actions</th>
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-username={row.original.username} data-state={row.original.state}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
                <td className="row-actions">
                  {row.original.id === selfId ? (
                    <span className="muted">You</span>
                  ) : row.original.isSysadmin && !viewerIsSysadmin ? (
                    // lib/licensing refuses it anyway; the list does not offer what would be refused.
                    <span className="muted">Sysadmin</span>
                  ) : (
                    <>
                      {row.original.state === "ACTIVE" ? (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={pending}
                          onClick={() => run(blockAccountsAction, [row.original])}
                          aria-label={`Block ${row.original.username}`}
                        >
                          Block
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="button button-small"
                          disabled={pending}
                          onClick={() => run(unblockAccountsAction, [row.original])}
                          aria-label={`Unblock ${row.original.username}`}
                        >
                          Unblock
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button-small button-danger"
                        disabled={pending}
                        onClick={() => setDeleting([row.original])}
                        aria-label={`Delete ${row.original.username}`}
                      >
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 1} className="empty">
                  No people match this view.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pager
        label="Pages"
        summaryId="list-summary"
        summary={`${total.toLocaleString("en")} ${total === 1 ? "person" : "people"} · page ${query.page} of ${pageCount}`}
        page={query.page}
        pageCount={pageCount}
        href={(page) => href({ page })}
        sizes={{ options: PAGE_SIZES, current: query.size, href: (size) => href({ size: size as PeopleQuery["size"], page: 1 }) }}
      />
      {deleting ? (
        <DeleteDialog
          targets={deleting}
          onCancel={() => setDeleting(null)}
          onConfirm={async (confirmation) => {
            const outcome = await deleteAccountsAction({ ids: deleting.map((d) => d.id), confirmation });
            if (outcome.ok) {
              setDeleting(null);
              setRowSelection({});
              setResult(outcome);
              return null;
            }
            return outcome.error;
          }}
        />
      ) : null}
    </>
  );
}
