import Link from "next/link";

type PagerProps = {
  /** What the pages are of, for screen readers ("Pages", "History pages"). */
  label: string;
  /** The line that says where we are ("1,284 people · page 2 of 52"). */
  summary: React.ReactNode;
  summaryId?: string;
  page: number;
  pageCount: number;
  href: (page: number) => string;
  words?: { first?: string; previous: string; next: string; last?: string };
  /** Page sizes to offer, with the link for each. */
  sizes?: { options: readonly number[]; current: number; href: (size: number) => string };
};

/** Paging links under a list: first, previous, next, last, and optionally the page size. */
export function Pager({
  label,
  summary,
  summaryId,
  page,
  pageCount,
  href,
  words = { first: "« First", previous: "‹ Previous", next: "Next ›", last: "Last »" },
  sizes,
}: PagerProps) {
  return (
    <nav className="pager" aria-label={label}>
      <p id={summaryId} className="muted">
        {summary}
      </p>
      <div className="pager-links">
        {page > 1 && words.first ? <Link href={href(1)}>{words.first}</Link> : null}
        {page > 1 ? (
          <Link href={href(page - 1)} rel="prev">
            {words.previous}
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link href={href(page + 1)} rel="next">
            {words.next}
          </Link>
        ) : null}
        {page < pageCount && words.last ? <Link href={href(pageCount)}>{words.last}</Link> : null}
      </div>
      {sizes ? (
        <div className="pager-sizes">
          <span className="muted">Per page:</span>
          {sizes.options.map((size) =>
            size === sizes.current ? (
              <strong key={size} aria-current="true">
                {size}
              </strong>
            ) : (
              <Link key={size} href={sizes.href(size)}>
                {size}
              </Link>
            ),
          )}
        </div>
      ) : null}
    </nav>
  );
}
