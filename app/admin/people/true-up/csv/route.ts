import { authorize } from "@/lib/auth/guards";
import { csvDownload, plainTextProblem } from "@/lib/server/responses";
import { utcDate } from "@/lib/format/utc";
import { trueUpCsv, trueUpReport } from "@/lib/history/true-up";
import { parseTrueUpRequest, trueUpFileName } from "@/lib/history/true-up-request";

export const dynamic = "force-dynamic";

/** GET /admin/people/true-up/csv?from=2026-01-01&to=2026-12-31: the true-up report as CSV. */
export async function GET(request: Request) {
  const auth = await authorize("peopleAdmin", "sysadmin");
  if (!auth.ok) return plainTextProblem(auth.status, auth.error);
  const params = new URL(request.url).searchParams;
  const parsed = parseTrueUpRequest({ from: params.get("from"), to: params.get("to") }, utcDate(new Date()));
  if (!parsed.ok) return plainTextProblem(400, `Cannot make the report: ${parsed.problems.join(" ")}`);
  const csv = trueUpCsv(await trueUpReport(parsed.request));
  return csvDownload(csv, trueUpFileName(parsed.request));
}
