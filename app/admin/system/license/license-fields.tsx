"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

type Field = [label: string, value: string];

/** The license at a glance, with "View all" to expand every field (Max_extranet_users among them). */
export function LicenseFields({ first, rest }: { first: Field[]; rest: Field[] }) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? [...first, ...rest] : first;
  return (
    <section className="card" aria-labelledby="license-title">
      <h2 id="license-title">License</h2>
      <dl className="kv" id="license-fields">
        {shown.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-field={label}>{value}</dd>
          </div>
        ))}
      </dl>
      <Button aria-expanded={expanded} aria-controls="license-fields" onClick={() => setExpanded((e) => !e)}>
        {expanded ? "View less" : "View all"}
      </Button>
    </section>
  );
}
