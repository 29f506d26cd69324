import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";
import type { AuditQuery } from "@/lib/audit/audit-query";

/** The audit log's filters as a plain GET form: the view lives in the URL and works without script. */
export function AuditFilters({ query }: { query: AuditQuery }) {
  return (
    <form method="get" action="/admin/system/audit-log" className="filters" role="search" aria-label="Filter the audit log">
      <Field label="Actor">
        <input type="text" name="actor" defaultValue={query.actor ?? ""} placeholder="e.g. sysadmin" maxLength={200} />
      </Field>
      <Field label="Account">
        <input type="text" name="account" defaultValue={query.account ?? ""} placeholder="user name" maxLength={200} />
      </Field>
      <Field label="Action">
        <select name="action" defaultValue={query.action ?? ""}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Outcome">
        <select name="outcome" defaultValue={query.outcome ?? ""}>
          <option value="">Any outcome</option>
          <option value="success">done</option>
          <option value="refused">refused</option>
        </select>
      </Field>
      <Field label="Pool">
        <select name="pool" defaultValue={query.pool ?? ""}>
          <option value="">Any pool</option>
          <option value="primary">Primary area</option>
          <option value="extranet">Extranets</option>
        </select>
      </Field>
      <Field label="From (UTC)">
        <input type="date" name="from" defaultValue={query.from ?? ""} />
      </Field>
      <Field label="To (UTC)">
        <input type="date" name="to" defaultValue={query.to ?? ""} />
      </Field>
      <input type="hidden" name="size" value={query.size} />
      <div className="filter-buttons">
        <Button type="submit">Apply</Button>
        <Button asChild variant="quiet">
          <Link href="/admin/system/audit-log">Reset</Link>
        </Button>
      </div>
    </form>
  );
}
