// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import path from "node:path";
import { prepareDatabase } from "../lib/db/prepare-database";

const database = await prepareDatabase({
  dataDir: path.resolve(process.env.SEATKEEPER_DATA_DIR ?? ".data"),
  log: (line) => console.log(line),
}).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
await database.stop();
process.exit(0);
