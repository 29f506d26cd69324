"use client";

import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import { AccountStateBadge } from "@/components/account-state-badge";
import { Button } from "@/components/ui/button";
import { DataTable, EmptyRow, SortableHeader } from "@/components/ui/table";
import { UtcTime } from "@/components/utc-time";
import type { Result, Success } from "@/lib/actions/result";
import { SORT_KEYS, type PeopleQuery } from "@/lib/people/people-query";
import { blockAccountsAction, unblockAccountsAction, type BulkOutcomes } from "./actions";
import { DeleteDialog } from "./delete-dialog";

export type PersonView = {
  id: string;
  name: string;
  username: string;
  email: string;
  area: string;
  state: "ACTIVE" | "BLOCKED";
  blockedReason: "ADMIN" | "NO_SEAT" | "DIRECTORY" | "INACTIVE" | null;
  createdAt: string;
  lastSignInAt: string | null;
  lastActiveAt: string | null;
  isSysadmin: boolean;
};

/** A bulk action on some accounts (block, unblock), run by the list so its outcome shows above it. */
export type RunBulk = (action: (input: { ids: string[] }) => Promise<Result<BulkOutcomes>>, targets: PersonView[]) => void;

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature, columnVisibilityFeature });
const helper = createColumnHelper<typeof features, PersonView>();

// Name and user name say who a row is: they cannot be hidden. The other columns can (Columns menu).
const columns = helper.columns([
  helper.display({
    id: "select",
    enableSorting: false,
    enableHiding: false,
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
    enableHiding: false,
    // No prefetch: a page of up to 100 rows would fetch 100 account pages nobody asked for.
    cell: ({ row }) => (
      <Link href={`/admin/people/${row.original.id}`} prefetch={false}>
        {row.original.name}
      </Link>
    ),
  }),
  helper.accessor("username", { id: "username", header: "User name", enableHiding: false }),
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
  helper.accessor("lastActiveAt", {
    id: "lastActive",
    header: "Last activity",
    cell: ({ getValue }) => <UtcTime value={getValue()} dateOnly />,
  }),
]);

/**
 * The People table's state: sorting comes from the URL (the database sorts, a header click only
 * asks for another URL); selection and shown columns from the list.
 */
export function usePeopleTable({
  rows,
  query,
  onSort,
  rowSelection,
  onRowSelectionChange,
  columnVisibility,
  onColumnVisibilityChange,
}: {
  rows: PersonView[];
  query: PeopleQuery;
  onSort: (sort: PeopleQuery["sort"], dir: PeopleQuery["dir"]) => void;
  rowSelection: RowSelectionState;
  onRowSelectionChange: OnChangeFn<RowSelectionState>;
  columnVisibility: ColumnVisibilityState;
  onColumnVisibilityChange: OnChangeFn<ColumnVisibilityState>;
}) {
  const sorting: SortingState = useMemo(() => [{ id: query.sort, desc: query.dir === "desc" }], [query.sort, query.dir]);
  return useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting, rowSelection, columnVisibility },
    onSortingChange: (updater) => {
      const first = (typeof updater === "function" ? updater(sorting) : updater)[0] ?? { id: "name", desc: false };
      if ((SORT_KEYS as readonly string[]).includes(first.id)) onSort(first.id as PeopleQuery["sort"], first.desc ? "desc" : "asc");
    },
    onRowSelectionChange,
    onColumnVisibilityChange,
  });
}

export type PeopleTableInstance = ReturnType<typeof usePeopleTable>;

type PeopleTableProps = {
  table: PeopleTableInstance;
  selfId: string;
  viewerIsSysadmin: boolean;
  pending: boolean;
  onRun: RunBulk;
  onDeleted: (outcome: Success<BulkOutcomes>) => string | null;
};

/** The rows of the current page, with each one's own Block/Unblock and Delete. */
export function PeopleTable({ table, selfId, viewerIsSysadmin, pending, onRun, onDeleted }: PeopleTableProps) {
  const rows = table.getRowModel().rows;
  return (
    <DataTable aria-describedby="list-summary">
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) =>
              header.column.getCanSort() ? (
                <SortableHeader
                  key={header.id}
                  label={<table.FlexRender header={header} />}
                  direction={header.column.getIsSorted()}
                  onSort={() => header.column.toggleSorting()}
                />
              ) : (
                <th key={header.id} scope="col">
                  <table.FlexRender header={header} />
                </th>
              ),
            )}
            <th scope="col">Actions</th>
          </tr>
        ))}
      </thead>
      <tbody>
        {rows.map((row) => {
          const person = row.original;
          return (
            <tr key={row.id} data-username={person.username} data-state={person.state}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
              <td className="row-actions">
                {person.id === selfId ? (
                  <span className="muted">You</span>
                ) : person.isSysadmin && !viewerIsSysadmin ? (
                  // lib/licensing refuses it anyway; the list does not offer what would be refused.
                  <span className="muted">Sysadmin</span>
                ) : (
                  <>
                    {person.state === "ACTIVE" ? (
                      <Button
                        size="small"
                        disabled={pending}
                        onClick={() => onRun(blockAccountsAction, [person])}
                        aria-label={`Block ${person.username}`}
                      >
                        Block
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        disabled={pending}
                        onClick={() => onRun(unblockAccountsAction, [person])}
                        aria-label={`Unblock ${person.username}`}
                      >
                        Unblock
                      </Button>
                    )}
                    <DeleteDialog
                      targets={[person]}
                      trigger={
                        <Button size="small" variant="danger" disabled={pending} aria-label={`Delete ${person.username}`}>
                          Delete
                        </Button>
                      }
                      onDeleted={onDeleted}
                    />
                  </>
                )}
              </td>
            </tr>
          );
        })}
        {rows.length === 0 ? <EmptyRow colSpan={table.getVisibleLeafColumns().length + 1}>No people match this view.</EmptyRow> : null}
      </tbody>
    </DataTable>
  );
}
