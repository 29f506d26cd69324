import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import Link from "next/link";
import { INACTIVE_FILTERS, STATE_FILTERS, type PeopleQuery } from "@/lib/people/people-query";
import { ACCOUNT_STATE_LABEL, INACTIVE_FILTER_LABEL } from "@/lib/vocabulary";

/** Search and filters as a plain GET form: the view lives in the URL and works without script. */
export function PeopleFilters({ query, areas }: { query: PeopleQuery; areas: { id: string; name: string }[] }) {
  return (
    <form method="get" action="/admin/people" className="filters" role="search" aria-label="Search and filter people">
      <Field
        label="Search"
        description="A word of one or two letters finds names, user names and e-mails starting with it; longer words, containing it."
      >
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="Name, user name or e-mail" maxLength={100} />
      </Field>
      <Field label="Area">
        <select name="area" defaultValue={query.area ?? ""}>
          <option value="">All areas</option>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="State">
        <select name="state" defaultValue={query.state ?? ""}>
          <option value="">All states</option>
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {ACCOUNT_STATE_LABEL[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Activity">
        <select name="inactive" defaultValue={query.inactive ?? ""}>
          <option value="">Any activity</option>
          {INACTIVE_FILTERS.map((f) => (
            <option key={f} value={f}>
              {INACTIVE_FILTER_LABEL[f]}
            </option>
          ))}
        </select>
      </Field>
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <input type="hidden" name="size" value={query.size} />
      <div className="filter-buttons">
        <Button type="submit">Apply</Button>
        <Button asChild variant="quiet">
          <Link href="/admin/people">Reset</Link>
        </Button>
      </div>
    </form>
  );
}
