-- AlterTable
ALTER TABLE "LdapSyncRun" ADD COLUMN     "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "phase" TEXT NOT NULL DEFAULT 'QUEUED';

-- Runs recorded before this migration: finished ones keep their outcome, unfinished ones were interrupted
UPDATE "LdapSyncRun" SET "phase" = CASE WHEN "error" IS NULL THEN 'DONE' ELSE 'FAILED' END WHERE "finishedAt" IS NOT NULL;
UPDATE "LdapSyncRun" SET "phase" = 'INTERRUPTED', "finishedAt" = CURRENT_TIMESTAMP, "error" = 'Interrupted: the process running it stopped.' WHERE "finishedAt" IS NULL;
