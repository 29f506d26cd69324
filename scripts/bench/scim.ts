import { applyLicense } from "../../lib/licensing";
import { actor, type Apps, type BenchContext } from "./context";
import { log, type SectionResult } from "./measure";

/** BENCH_SCIM_USERS creates through POST /scim/v2/Users, 16 concurrent clients over both processes. */
export async function measureScimProvisioning(
  { db, accounts, scimUsers }: BenchContext,
  apps: Apps,
  scimHeaders: Record<string, string>,
): Promise<SectionResult> {
  await applyLicense(
    {
      actor,
      terms: {
        siteId: "bench",
        licenseId: "BENCH-3",
        licensee: "Bench Ltd",
        maxUsers: accounts * 2,
        maxExtranetUsers: accounts,
        issuedAt: new Date(),
      },
    },
    db,
  );
  let next = 0;
  let scimErrors = 0;
  const provisionStart = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async (_, worker) => {
      for (let i = next++; i < scimUsers; i = next++) {
        const response = await fetch(`${apps.bases[worker % 2]}/scim/v2/Users`, {
          method: "POST",
          headers: scimHeaders,
          body: JSON.stringify({
            schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
            userName: `scim${i}@bench.example`,
            name: { givenName: "S", familyName: `${i}` },
            externalId: `ext-${i}`,
          }),
        });
        await response.text();
        if (response.status !== 201) scimErrors++;
      }
    }),
  );
  const provisionS = (performance.now() - provisionStart) / 1000;
  const failures = scimErrors ? [`SCIM provisioning: ${scimErrors} of ${scimUsers} creates failed`] : [];
  const notes = [
    `SCIM provisioning: ${scimUsers.toLocaleString("en")} users through POST /scim/v2/Users (16 concurrent clients over 2 processes) in ${provisionS.toFixed(1)} s: ${(scimUsers / provisionS).toFixed(0)} users/s; ${scimErrors} failures.`,
  ];
  log("SCIM provisioning measured");
  return { rows: [], notes, failures };
}
