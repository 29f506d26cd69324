-- The time of a change: the clock when it is made (not the transaction's start, so a pool's
-- changes, made one after another under its row lock, are also in time order), or the moment a
-- demo-data seed back-dates its transaction to (SET LOCAL seatkeeper.now), so the demo's past is
-- written through the same rules as today. Stored in UTC, as Prisma writes timestamps.
CREATE FUNCTION seatkeeper_now() RETURNS timestamp(3) LANGUAGE sql VOLATILE AS $$
  SELECT (coalesce(nullif(current_setting('seatkeeper.now', true), '')::timestamptz, clock_timestamp()) AT TIME ZONE 'UTC')::timestamp(3)
$$;

-- AlterTable
ALTER TABLE "AuditEvent" ALTER COLUMN "at" SET DEFAULT seatkeeper_now();

-- CreateTable
CREATE TABLE "SeatChange" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT seatkeeper_now(),
    "pool" "Pool" NOT NULL,
    "usedDelta" INTEGER NOT NULL DEFAULT 0,
    "waitingDelta" INTEGER NOT NULL DEFAULT 0,
    "seatLimit" INTEGER,

    CONSTRAINT "SeatChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SeatDay" (
    "pool" "Pool" NOT NULL,
    "day" DATE NOT NULL,
    "peakUsed" INTEGER NOT NULL,
    "endUsed" INTEGER NOT NULL,
    "endLimit" INTEGER NOT NULL,
    "minLimit" INTEGER NOT NULL,
    "peakWaiting" INTEGER NOT NULL,
    "endWaiting" INTEGER NOT NULL,
    "overLimit" BOOLEAN NOT NULL,

    CONSTRAINT "SeatDay_pkey" PRIMARY KEY ("pool","day")
);

-- CreateIndex
CREATE INDEX "SeatChange_pool_at_idx" ON "SeatChange"("pool", "at");

-- Function bodies are E'' strings in which \073 is the semicolon: the migration engine splits
-- a script at every semicolon, even inside a dollar-quoted body.

-- Seats used and the limit: every change of a pool row is a change of the history. The row is
-- locked by the change, so these rows are in the order the changes happened.
CREATE FUNCTION seatkeeper_seat_pool_history() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''INSERT'' THEN
    INSERT INTO "SeatChange" (pool, "usedDelta", "seatLimit") VALUES (NEW.pool, NEW."activeCount", NEW."seatLimit")\073
  ELSIF NEW."activeCount" <> OLD."activeCount" OR NEW."seatLimit" <> OLD."seatLimit" THEN
    INSERT INTO "SeatChange" (pool, "usedDelta", "seatLimit") VALUES (NEW.pool, NEW."activeCount" - OLD."activeCount", NEW."seatLimit")\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "SeatPool_history" AFTER INSERT OR UPDATE OF "activeCount", "seatLimit" ON "SeatPool"
  FOR EACH ROW EXECUTE FUNCTION seatkeeper_seat_pool_history();

-- Accounts waiting for a seat (blocked for want of one): a delta per pool whenever an account
-- starts or stops waiting, or waits in another pool. Insert-only, so it takes no lock.
CREATE FUNCTION seatkeeper_waiting_history() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  old_pool "Pool"\073
  new_pool "Pool"\073
BEGIN
  IF TG_OP <> ''INSERT'' AND OLD.state = ''BLOCKED'' AND OLD."blockedReason" = ''NO_SEAT'' THEN
    SELECT pool INTO old_pool FROM "Area" WHERE id = OLD."areaId"\073
  END IF\073
  IF TG_OP <> ''DELETE'' AND NEW.state = ''BLOCKED'' AND NEW."blockedReason" = ''NO_SEAT'' THEN
    SELECT pool INTO new_pool FROM "Area" WHERE id = NEW."areaId"\073
  END IF\073
  IF old_pool IS DISTINCT FROM new_pool THEN
    IF old_pool IS NOT NULL THEN
      INSERT INTO "SeatChange" (pool, "waitingDelta") VALUES (old_pool, -1)\073
    END IF\073
    IF new_pool IS NOT NULL THEN
      INSERT INTO "SeatChange" (pool, "waitingDelta") VALUES (new_pool, 1)\073
    END IF\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Account_waiting_history" AFTER INSERT OR DELETE OR UPDATE OF state, "blockedReason", "areaId" ON "Account"
  FOR EACH ROW EXECUTE FUNCTION seatkeeper_waiting_history();

-- A site that existed before this migration: its history starts now, from today's levels.
INSERT INTO "SeatChange" (pool, "usedDelta", "waitingDelta", "seatLimit")
SELECT sp.pool, sp."activeCount",
  (SELECT count(*) FROM "Account" a JOIN "Area" ar ON ar.id = a."areaId"
    WHERE ar.pool = sp.pool AND a.state = 'BLOCKED' AND a."blockedReason" = 'NO_SEAT')::int,
  sp."seatLimit"
FROM "SeatPool" sp;

-- Early warning: a pool forecast to be full within the horizon (a setting) is told once per crossing.
-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'POOL_FORECAST_FULL';

-- AlterTable
ALTER TABLE "SeatPool" ADD COLUMN     "forecastNotified" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SiteSettings" ADD COLUMN     "forecastWarningDays" INTEGER NOT NULL DEFAULT 30;

-- Accounts and notifications are dated like the history (a back-dated seed gives them their past).
-- AlterTable
ALTER TABLE "Account" ALTER COLUMN "createdAt" SET DEFAULT seatkeeper_now();

-- AlterTable
ALTER TABLE "Notification" ALTER COLUMN "createdAt" SET DEFAULT seatkeeper_now();
