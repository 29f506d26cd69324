import { authorize } from "@/lib/auth/guards";
import { csvDownload, plainTextProblem, pulledStream } from "@/lib/server/responses";
import { exportFileName, exportPeopleCsv, exportRequestSchema } from "@/lib/people/export-people";

export const dynamic = "force-dynamic";

/** GET /admin/people/export?columns=username&columns=state&scope=filter&q=…: the People CSV. */
export async function GET(request: Request) {
  const auth = await authorize("peopleAdmin");
  if (!auth.ok) return plainTextProblem(auth.status, auth.error);
  const params = new URL(request.url).searchParams;
  const raw: Record<string, unknown> = {
    columns: params
      .getAll("columns")
      .flatMap((c) => c.split(","))
      .filter(Boolean),
  };
  for (const key of ["scope", "q", "area", "state", "inactive"]) {
    const value = params.get(key);
    if (value) raw[key] = value;
  }
  const parsed = exportRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return plainTextProblem(
      400,
      `Cannot export: ${parsed.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ")}`,
    );
  }
  const chunks = exportPeopleCsv(parsed.data);
  return csvDownload(pulledStream(chunks), exportFileName());
}
