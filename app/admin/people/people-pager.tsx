import { Pager } from "@/components/ui/pager";
import { PAGE_SIZES, type PeopleQuery } from "@/lib/people/people-query";

/** Under the table: how many people the view holds, its pages, and the page size. */
export function PeoplePager({
  query,
  total,
  capped,
  pageCount,
  href,
}: {
  query: PeopleQuery;
  /** With `capped`, more than this many: no last page is known, only the next one. */
  total: number;
  capped: boolean;
  pageCount: number;
  href: (change: Partial<PeopleQuery>) => string;
}) {
  return (
    <Pager
      label="Pages"
      summaryId="list-summary"
      summary={
        capped
          ? `More than ${total.toLocaleString("en")} people · page ${query.page}`
          : `${total.toLocaleString("en")} ${total === 1 ? "person" : "people"} · page ${query.page} of ${pageCount}`
      }
      page={query.page}
      pageCount={pageCount}
      href={(page) => href({ page })}
      words={capped ? { first: "« First", previous: "‹ Previous", next: "Next ›" } : undefined}
      sizes={{ options: PAGE_SIZES, current: query.size, href: (size) => href({ size: size as PeopleQuery["size"], page: 1 }) }}
    />
  );
}
