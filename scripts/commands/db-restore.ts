// `npm run db:restore -- FILE`: restores a backup written by `npm run db:backup` into an EMPTY
// database (it refuses any other and writes nothing), in one transaction, then applies the newer
// migrations this checkout has. It reaches DATABASE_URL, else the running console's embedded
// database, else the embedded database in .data/pg (created if missing) started just for it.
import { parseArgs } from "node:util";
import { BackupError, RestoreError, restoreDatabase, withBackupDatabase } from "../../lib/db/backup";

const USAGE = "usage: npm run db:restore -- FILE";

function parseCommandLine() {
  try {
    const { positionals } = parseArgs({ options: {}, allowPositionals: true, strict: true });
    if (positionals.length === 1) return positionals[0];
  } catch (error) {
    console.error(`db:restore: ${(error as Error).message}`);
  }
  console.error(USAGE);
  process.exit(2);
}

const file = parseCommandLine();
const log = (line: string) => console.error(`db:restore: ${line}`);

try {
  const summary = await withBackupDatabase((url) => restoreDatabase({ url, file, log }), { mustExist: false, log });
  const newer = summary.newerMigrations.length
    ? `, then ${summary.newerMigrations.length} newer migration(s): ${summary.newerMigrations.join(", ")}`
    : "";
  console.log(
    `db:restore: restored ${file}: ${summary.tables} tables, ${summary.rows} rows at migration ${summary.migrations.at(-1) ?? "(none)"}${newer}, in ${summary.seconds.toFixed(2)} s`,
  );
  process.exit(0);
} catch (error) {
  console.error(
    error instanceof RestoreError || error instanceof BackupError
      ? `db:restore: ${error.message}`
      : `db:restore failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
