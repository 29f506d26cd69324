"use client";

import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuLabel } from "@/components/ui/dropdown-menu";
import type { PeopleTableInstance } from "./people-table";

/** Shows or hides the People table's optional columns (TanStack's column visibility). */
export function ColumnsMenu({ table }: { table: PeopleTableInstance }) {
  return (
    <DropdownMenu label="Columns shown" trigger={<Button className="columns-button">Columns</Button>}>
      <DropdownMenuLabel>Show columns</DropdownMenuLabel>
      {table
        .getAllLeafColumns()
        .filter((column) => column.getCanHide())
        .map((column) => (
          <DropdownMenuCheckboxItem
            key={column.id}
            checked={column.getIsVisible()}
            onCheckedChange={(shown) => column.toggleVisibility(shown)}
          >
            {typeof column.columnDef.header === "string" ? column.columnDef.header : column.id}
          </DropdownMenuCheckboxItem>
        ))}
    </DropdownMenu>
  );
}
