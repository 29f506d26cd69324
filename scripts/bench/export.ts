import { to as copyTo } from "pg-copy-streams";
import { signInCookie } from "./apps";
import type { Apps, BenchContext } from "./context";
import { log, row, stats, treeRssKb, type SectionResult } from "./measure";

const COLUMNS = [
  "username",
  "givenName",
  "familyName",
  "email",
  "area",
  "pool",
  "state",
  "blockedReason",
  "created",
  "lastSignIn",
  "source",
  "externalId",
];

/** The CSV export of every account through the HTTP route (time, line count, server memory) against PostgreSQL's COPY. */
export async function measureExport({ db, raw, accounts }: BenchContext, apps: Apps): Promise<SectionResult> {
  const failures: string[] = [];
  const cookie = await signInCookie(apps.bases[0], apps.admin.username, apps.admin.password);
  const exportUrl = `${apps.bases[0]}/admin/people/export?scope=all&${COLUMNS.map((c) => `columns=${c}`).join("&")}`;
  const exportSamples: number[] = [];
  let peakGrowthMb = 0;
  let exportedLines = 0;
  for (let run = 0; run < 5; run++) {
    const baseRss = treeRssKb(apps.pids[0]);
    let peak = baseRss;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(apps.pids[0]))), 25);
    const start = performance.now();
    const response = await fetch(exportUrl, { headers: { cookie } });
    if (!response.ok) throw new Error(`export answered ${response.status}`);
    let lines = 0;
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const byte of value) if (byte === 10) lines++;
    }
    exportSamples.push(performance.now() - start);
    clearInterval(sampler);
    peakGrowthMb = Math.max(peakGrowthMb, (peak - baseRss) / 1024);
    exportedLines = lines;
  }
  const expectedLines = (await db.account.count()) + 1;
  if (exportedLines !== expectedLines) failures.push(`export wrote ${exportedLines} lines, expected ${expectedLines}`);
  const copySamples: number[] = [];
  for (let run = 0; run < 5; run++) {
    const client = await raw.connect();
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(
        copyTo(`COPY (SELECT a.username, a."givenName", a."familyName", a.email, ar.name, ar.pool, CASE WHEN a.state = 'ACTIVE' THEN 'Yes' ELSE 'No' END, a."blockedReason", a."createdAt", a."lastSignInAt", a.source, a."externalId"
          FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" ORDER BY a.username) TO STDOUT WITH CSV HEADER`),
      );
      stream.on("data", () => {});
      stream.on("end", () => resolve());
      stream.on("error", reject);
    });
    copySamples.push(performance.now() - start);
    client.release();
  }
  const exp = stats(exportSamples);
  const copy = stats(copySamples);
  const rows = [
    row(
      `CSV export, all ${accounts.toLocaleString("en")} accounts, 12 columns (HTTP)`,
      exp,
      copy,
      "≤ 3x COPY",
      exp.median <= 3 * copy.median,
    ),
  ];
  const notes = [
    `Export: ${exportedLines.toLocaleString("en")} lines per file; server process-tree RSS grew by at most ${peakGrowthMb.toFixed(0)} MB during an export (target < 100 MB: ${peakGrowthMb < 100 ? "met" : "NOT met"}).`,
  ];
  log("export measured");
  return { rows, notes, failures };
}
