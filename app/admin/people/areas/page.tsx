import type { Metadata } from "next";
import Link from "next/link";
import { listAreas } from "@/lib/areas/list-areas";
import { requirePageAccount } from "@/lib/auth/guards";
import { getSeatStatistics } from "@/lib/licensing";
import { DataTable } from "@/components/ui/table";
import { POOL_LABEL, POOL_WORD } from "@/lib/vocabulary";
import { AreaRowForms, CreateAreaForm } from "./area-forms";

export const metadata: Metadata = { title: "Areas" };
export const dynamic = "force-dynamic";

export default async function AreasPage() {
  await requirePageAccount("peopleAdmin");
  const [areas, pools] = await Promise.all([listAreas(), getSeatStatistics()]);
  const extranetLimit = pools.find((p) => p.pool === "EXTRANET")?.limit ?? 0;
  return (
    <main className="page">
      <p>
        <Link href="/admin/people">‹ Admin › People</Link>
      </p>
      <h1>Admin › People › Areas</h1>
      <p className="muted">
        Every account lives in one area. The primary area uses the Max_Users seats; every extranet area shares one pool, Max_extranet_users
        {extranetLimit === 0
          ? " (your license has none yet: request some under More licenses before extranet accounts can be active)"
          : ` (${extranetLimit} seats)`}
        . Moving an account to an area of the other pool needs a free seat there.
      </p>
      <section className="card" aria-labelledby="areas-title">
        <h2 id="areas-title">Areas</h2>
        <DataTable>
          <thead>
            <tr>
              <th scope="col">Area</th>
              <th scope="col">Pool</th>
              <th scope="col">Active</th>
              <th scope="col">Blocked</th>
              <th scope="col">Waiting for a seat</th>
              <th scope="col">Rename or delete</th>
            </tr>
          </thead>
          <tbody>
            {areas.map((area) => (
              <tr key={area.id} data-area={area.name}>
                <th scope="row">
                  <Link href={`/admin/people?area=${area.id}`}>{area.name}</Link>
                </th>
                <td>
                  {POOL_WORD[area.pool]}: {POOL_LABEL[area.pool]}
                </td>
                <td data-testid={`area-active-${area.name}`}>{area.active}</td>
                <td>{area.blocked}</td>
                <td>{area.waiting}</td>
                <td className="wrap">
                  <AreaRowForms area={area} />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </section>
      <section className="card" aria-labelledby="create-area-title">
        <h2 id="create-area-title">Create an extranet area</h2>
        <p className="muted">For partners, suppliers or customers. Names are unique, whatever their case.</p>
        <CreateAreaForm />
      </section>
    </main>
  );
}
