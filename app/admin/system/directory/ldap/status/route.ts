import { authorize } from "@/lib/auth/guards";
import { settleInterruptedRuns } from "@/lib/ldap/interrupted-runs";
import { readLatestLdapSyncRun } from "@/lib/ldap/read-sync-runs";
import { plainTextProblem } from "@/lib/server/responses";

export const dynamic = "force-dynamic";

/** GET /admin/system/directory/ldap/status: the newest sync run as JSON, polled by the LDAP page while it runs. */
export async function GET() {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return plainTextProblem(auth.status, auth.error);
  await settleInterruptedRuns();
  return Response.json({ run: await readLatestLdapSyncRun() }, { headers: { "cache-control": "no-store" } });
}
