/**
 * The pieces of every data table: a scrolling wrapper with a caption for screen readers, a header
 * cell that sorts, and the row shown when nothing matches.
 */

export function DataTable({ caption, children, ...props }: React.TableHTMLAttributes<HTMLTableElement> & { caption?: React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table" {...props}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

/** A column header that sorts on click; aria-sort says which way it is sorted now. */
export function SortableHeader({
  label,
  direction,
  onSort,
}: {
  label: React.ReactNode;
  direction: "asc" | "desc" | false;
  onSort: () => void;
}) {
  return (
    <th scope="col" aria-sort={direction === "asc" ? "ascending" : direction === "desc" ? "descending" : undefined}>
      <button type="button" className="sort-button" onClick={onSort}>
        {label}
        <span aria-hidden="true">{direction === "asc" ? " ▲" : direction === "desc" ? " ▼" : ""}</span>
      </button>
    </th>
  );
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: React.ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="empty">
        {children}
      </td>
    </tr>
  );
}
