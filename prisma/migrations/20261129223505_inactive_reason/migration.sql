-- AlterEnum
ALTER TYPE "BlockReason" ADD VALUE 'INACTIVE';

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'INACTIVE_NO_SEAT';

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "comebackRefusedNotifiedAt" TIMESTAMP(3);
