import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { PrismaClient } from "../generated/prisma/client";
import { preparedStatementName } from "./prepared-statements";

export type Db = PrismaClient;
/** The client handed to code that runs inside a transaction. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: options.poolSize ?? 10 },
    { statementNameGenerator: preparedStatementName },
  );
  return new PrismaClient({
    adapter,
    // Seat-taking transactions queue on one row lock; give them room under a burst.
    transactionOptions: { maxWait: 20_000, timeout: 20_000 },
  });
}

const globalForPrisma = globalThis as unknown as { seatkeeperPrisma?: PrismaClient };

/** Closes the process-wide client's pool (at shutdown, once requests and jobs are done). */
export async function closeDatabaseClient(): Promise<void> {
  const client = globalForPrisma.seatkeeperPrisma;
  globalForPrisma.seatkeeperPrisma = undefined;
  await client?.$disconnect();
}

/**
 * The process-wide client, created on first use: `next build` imports modules with no database,
 * so nothing may connect at import time.
 */
export function db(): PrismaClient {
  if (!globalForPrisma.seatkeeperPrisma) {
    const url = config().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the console with `npm start`, which sets it.");
    globalForPrisma.seatkeeperPrisma = createPrismaClient(url);
  }
  return globalForPrisma.seatkeeperPrisma;
}
