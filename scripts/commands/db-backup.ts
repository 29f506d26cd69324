// `npm run db:backup -- --out FILE [--force]`: an online backup of the console's database (one
// consistent snapshot, taken while the console runs) into one gzip file; see lib/db/backup.ts for
// the format. It reaches DATABASE_URL, else the running console's embedded database, else the
// embedded database in .data/pg started just for it. It never migrates the database it reads.
import { parseArgs } from "node:util";
import { BackupError, backupDatabase, withBackupDatabase } from "../../lib/db/backup";

const USAGE = "usage: npm run db:backup -- --out FILE [--force]";

function parseCommandLine() {
  try {
    const { values } = parseArgs({
      options: { out: { type: "string", short: "o" }, force: { type: "boolean", default: false } },
      strict: true,
    });
    if (values.out) return { out: values.out, force: values.force ?? false };
  } catch (error) {
    console.error(`db:backup: ${(error as Error).message}`);
  }
  console.error(USAGE);
  process.exit(2);
}

const { out, force } = parseCommandLine();
const log = (line: string) => console.error(`db:backup: ${line}`);

try {
  const summary = await withBackupDatabase((url) => backupDatabase({ url, out, force }), { mustExist: true, log });
  const size =
    summary.bytes >= 1024 * 1024 ? `${(summary.bytes / 1024 / 1024).toFixed(1)} MiB` : `${(summary.bytes / 1024).toFixed(1)} KiB`;
  console.log(
    `db:backup: wrote ${out}: ${summary.tables} tables, ${summary.rows} rows, ${summary.bytes} bytes (${size}) in ${summary.seconds.toFixed(2)} s`,
  );
  process.exit(0);
} catch (error) {
  console.error(
    error instanceof BackupError ? `db:backup: ${error.message}` : `db:backup failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
