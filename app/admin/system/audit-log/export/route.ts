import { parseAuditQuery } from "@/lib/audit/audit-query";
import { auditExportFileName, exportAuditEventsCsv } from "@/lib/audit/export-audit-events";
import { authorize } from "@/lib/auth/guards";
import { csvDownload, plainTextProblem, pulledStream } from "@/lib/server/responses";

export const dynamic = "force-dynamic";

/** GET /admin/system/audit-log/export?action=…&from=…: the audit events of a filter, as CSV. */
export async function GET(request: Request) {
  const auth = await authorize("sysadmin");
  if (!auth.ok) return plainTextProblem(auth.status, auth.error);
  const { query, problems } = parseAuditQuery(Object.fromEntries(new URL(request.url).searchParams));
  // A download that silently widened its filter would hand out more than was asked for.
  if (problems.length) return plainTextProblem(400, `Cannot export: ${problems.join(" ")}`);
  const chunks = exportAuditEventsCsv(query);
  return csvDownload(pulledStream(chunks), auditExportFileName());
}
