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

// Each download and each COPY: 2 warm-ups (the route's first call compiles it), then 10 timed runs.
const WARM_UPS = 2;
const RUNS = 10;

/** The CSV export of every account through the HTTP route (time, line count, server memory) against PostgreSQL's COPY. */
export async function measureExport({ db, raw, accounts }: BenchContext, apps: Apps): Promise<SectionResult> {
  const failures: string[] = [];
  const cookie = await signInCookie(apps.bases[0], apps.admin.username, apps.admin.password);
  const exportUrl = `${apps.bases[0]}/admin/people/export?scope=all&${COLUMNS.map((c) => `columns=${c}`).join("&")}`;
  const exportSamples: number[] = [];
  const copySamples: number[] = [];
  let peakGrowthMb = 0;
  let exportedLines = 0;
  // Downloads and COPYs alternate, so a busy spell of this shared machine weighs on both.
  for (let run = 0; run < WARM_UPS + RUNS; run++) {
    const baseRss = treeRssKb(apps.pids[0]);
    let peak = baseRss;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(apps.pids[0]))), 25);
    let start = performance.now();
    const response = await fetch(exportUrl, { headers: { cookie } });
    if (!response.ok) throw new Error(`export answered ${response.status}`);
    let lines = 0;
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Counted natively: a byte loop here would time this client rather than the server.
      const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
    }
    if (run >= WARM_UPS) exportSamples.push(performance.now() - start);
    clearInterval(sampler);
    peakGrowthMb = Math.max(peakGrowthMb, (peak - baseRss) / 1024);
    exportedLines = lines;

    const client = await raw.connect();
    start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(
        copyTo(`COPY (SELECT a.username, a."givenName", a."familyName", a.email, ar.name, ar.pool, CASE WHEN a.state = 'ACTIVE' THEN 'Yes' ELSE 'No' END, a."blockedReason", a."createdAt", a."lastSignInAt", a.source, a."externalId"
          FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId" ORDER BY a.username) TO STDOUT WITH CSV HEADER`),
      );
      stream.on("data", () => {});
      stream.on("end", () => resolve());
      stream.on("error", reject);
    });
    if (run >= WARM_UPS) copySamples.push(performance.now() - start);
    client.release();
  }
  const expectedLines = (await db.account.count()) + 1;
  if (exportedLines !== expectedLines) failures.push(`export wrote ${exportedLines} lines, expected ${expectedLines}`);
  const exp = stats(exportSamples);
  const copy = stats(copySamples);
  const rows = [
    row(
      `CSV export, all ${accounts.toLocaleString("en")} accounts, 12 columns (HTTP)`,
      exp,
      copy,
      `≤ 1.5x COPY median (${(exp.median / copy.median).toFixed(2)}x), ≤ 2x p95`,
      exp.median <= 1.5 * copy.median && exp.p95 <= 2 * copy.p95,
    ),
  ];
  const notes = [
    `Export: ${exportedLines.toLocaleString("en")} lines per file; server process-tree RSS grew by at most ${peakGrowthMb.toFixed(0)} MB during an export (target < 100 MB: ${peakGrowthMb < 100 ? "met" : "NOT met"}).`,
  ];
  log("export measured");
  return { rows, notes, failures };
}
