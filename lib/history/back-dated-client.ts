import "server-only";
import { createPrismaClient, type Db } from "../db/client";

/**
 * A database client whose changes are dated at a moment of our choosing (the demo's past, tests
 * of the history): every audit event and seat change it makes takes the time set here
 * (PostgreSQL's seatkeeper_now() reads the session's `seatkeeper.now`). One connection, so the
 * setting holds for every query the operations make.
 */
export function createBackDatedClient(databaseUrl: string) {
  const client: Db = createPrismaClient(databaseUrl, { poolSize: 1 });
  return {
    client,
    /** From now on, changes happen at `at` (null: the real clock again). */
    setClock: async (at: Date | null) => {
      await client.$queryRaw`SELECT set_config('seatkeeper.now', ${at ? at.toISOString() : ""}, false)`;
    },
    close: () => client.$disconnect(),
  };
}
