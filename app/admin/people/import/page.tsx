import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccount } from "@/lib/auth/guards";
import { IMPORT_FIELD_KEYS, IMPORT_FIELDS, MAX_IMPORT_BYTES } from "@/lib/people/import/csv-import";
import { ImportWizard } from "./import-wizard";

export const metadata: Metadata = { title: "Import people" };
export const dynamic = "force-dynamic";

export default async function ImportPage() {
  await requirePageAccount("peopleAdmin");
  return (
    <main className="page">
      <p>
        <Link href="/admin/people">‹ Admin › People</Link>
      </p>
      <h1>Admin › People › Import</h1>
      <section className="card" aria-labelledby="import-title">
        <h2 id="import-title">Import people from a CSV file</h2>
        <p className="muted">
          Each row becomes an account. Rows are checked first; nothing is created until you confirm, and a file that cannot be read changes
          nothing.
        </p>
        <ImportWizard
          fields={IMPORT_FIELD_KEYS.map((key) => ({ key, label: IMPORT_FIELDS[key].label, required: IMPORT_FIELDS[key].required }))}
          maxBytes={MAX_IMPORT_BYTES}
        />
      </section>
    </main>
  );
}
