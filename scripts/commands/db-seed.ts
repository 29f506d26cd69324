// `npm run db:seed`: loads the demo data into DATABASE_URL, or into the embedded database.
import path from "node:path";
import { createPrismaClient } from "../lib/db/client";
import { prepareDatabase } from "../lib/db/prepare-database";
import { seedDemoData } from "../prisma/seed";

const database = await prepareDatabase({ dataDir: path.resolve(process.env.SEATKEEPER_DATA_DIR ?? ".data"), log: console.log });
const client = createPrismaClient(database.url, { poolSize: 2 });
try {
  console.log(await seedDemoData(client));
} finally {
  await client.$disconnect();
  await database.stop();
}
process.exit(0);
