import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this file: migrations go through lib/db/migrations.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
});
