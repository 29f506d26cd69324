// Developer command: `npm run db:migration -- <name>` writes prisma/migrations/<ts>_<name>/
// for the changes made to prisma/schema.prisma.
import { createMigration } from "../../lib/db/migrations";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (letters, digits and _ only)");
  process.exit(2);
}
const result = await createMigration(name);
if (result) console.log(`wrote ${result.folder}/migration.sql`);
else console.log("The schema matches the migrations: nothing to create.");
process.exit(0);
