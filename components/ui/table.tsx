/**
 * The pieces of every data table: a scrolling wrapper with a caption for screen readers, a header
 * cell that sorts, and the row shown when nothing matches.
 */

export function DataTable({
  caption,
  scrollLabel,
  children,
  ...props
}: React.TableHTMLAttributes<HTMLTableElement> & {
  caption?: React.ReactNode;
  /**
   * For a table that may be wider than its place (a narrow page): the scrolling wrapper becomes a
   * focusable region with this name, so it can be scrolled with the keyboard.
   */
  scrollLabel?: string;
}) {
  return (
    <div className="table-wrap" {...(scrollLabel ? { tabIndex: 0, role: "region", "aria-label": scrollLabel } : {})}>
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
