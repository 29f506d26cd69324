// `npm run db:seed`: loads the demo data into DATABASE_URL, or into the embedded database.
import path from "node:path";
import { config } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { prepareDatabase } from "../../lib/db/prepare-database";
import { seedDemoData } from "../../prisma/seed";

const database = await prepareDatabase({ dataDir: path.resolve(config().SEATKEEPER_DATA_DIR), log: console.log });
const client = createPrismaClient(database.url, { poolSize: 2 });
try {
  console.log(await seedDemoData(client, { databaseUrl: database.url }));
} finally {
  await client.$disconnect();
  await database.stop();
}
process.exit(0);
