-- AlterTable
ALTER TABLE "SiteSettings" ADD COLUMN     "auditRetentionDays" INTEGER;
