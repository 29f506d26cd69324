import { signInCookie } from "./apps";
import type { Apps, BenchContext } from "./context";
import { log, row, timed, type SectionResult } from "./measure";

/**
 * Admin › People as a signed-in People administrator gets it: the whole server render over HTTP
 * (statistics, seat history, the list's first page, notifications), read to its last byte.
 */
export async function measurePeoplePage({ accounts, runs }: BenchContext, apps: Apps): Promise<SectionResult> {
  const failures: string[] = [];
  const cookie = await signInCookie(apps.bases[0], apps.admin.username, apps.admin.password);
  let bytes = 0;
  const page = await timed(async () => {
    const response = await fetch(`${apps.bases[0]}/admin/people`, { headers: { cookie }, redirect: "manual" });
    const html = await response.text();
    bytes = html.length;
    if (response.status !== 200 || !html.includes("Admin › People")) {
      throw new Error(`Admin › People answered ${response.status} without the page (signed out?)`);
    }
  }, runs);
  const rows = [
    row(
      `Admin › People, whole page over HTTP, signed in (${accounts.toLocaleString("en")} accounts)`,
      page,
      null,
      "p95 < 150 ms",
      page.p95 < 150,
    ),
  ];
  log("People page measured");
  return { rows, notes: [`Admin › People: ${(bytes / 1024).toFixed(0)} kB of HTML per render.`], failures };
}
