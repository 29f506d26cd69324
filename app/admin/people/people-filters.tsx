import Link from "next/link";
import { STATE_FILTERS, type PeopleQuery } from "@/lib/people/people-query";

/** Search and filters as a plain GET form: the view lives in the URL and works without script. */
export function PeopleFilters({ query, areas }: { query: PeopleQuery; areas: { id: string; name: string }[] }) {
  return (
    <form method="get" action="/admin/people" className="filters" role="search" aria-label="Search and filter people">
      <label className="field">
        <span>Search</span>
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="Name, user name or e-mail" maxLength={100} />
      </label>
      <label className="field">
        <span>Area</span>
        <select name="area" defaultValue={query.area ?? ""}>
          <option value="">All areas</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>State</span>
        <select name="state" defaultValue={query.state ?? ""}>
          <option value="">All states</option>
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === "waiting" ? "Waiting for a seat" : s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </label>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <input type="hidden" name="size" value={query.size} />
      <div className="filter-buttons">
        <button type="submit" className="button">
          Apply
        </button>
        <Link className="button button-quiet" href="/admin/people">
          Reset
        </Link>
      </div>
    </form>
  );
}
