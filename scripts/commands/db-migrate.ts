// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import path from "node:path";
import { config } from "../../lib/config";
import { prepareDatabase } from "../../lib/db/prepare-database";

const database = await prepareDatabase({
  dataDir: path.resolve(config().SEATKEEPER_DATA_DIR),
  log: (line) => console.log(line),
}).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
await database.stop();
process.exit(0);
