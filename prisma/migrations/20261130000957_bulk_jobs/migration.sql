-- CreateEnum
CREATE TYPE "BulkJobAction" AS ENUM ('BLOCK', 'UNBLOCK', 'DELETE');

-- CreateEnum
CREATE TYPE "BulkJobState" AS ENUM ('RUNNING', 'DONE', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "BulkItemOutcome" AS ENUM ('DONE', 'UNCHANGED', 'REFUSED');

-- CreateTable
CREATE TABLE "BulkJob" (
    "id" UUID NOT NULL,
    "action" "BulkJobAction" NOT NULL,
    "state" "BulkJobState" NOT NULL DEFAULT 'RUNNING',
    "description" TEXT NOT NULL,
    "view" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "startedById" UUID,
    "startedByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "stopReason" TEXT,

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkJobItem" (
    "jobId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "accountId" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "outcome" "BulkItemOutcome",
    "message" TEXT,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "BulkJobItem_pkey" PRIMARY KEY ("jobId","seq")
);

-- CreateIndex
CREATE INDEX "BulkJob_createdAt_idx" ON "BulkJob"("createdAt");

-- CreateIndex
CREATE INDEX "BulkJobItem_jobId_outcome_seq_idx" ON "BulkJobItem"("jobId", "outcome", "seq");

-- AddForeignKey
ALTER TABLE "BulkJobItem" ADD CONSTRAINT "BulkJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
