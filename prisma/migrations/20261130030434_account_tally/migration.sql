-- CreateTable
CREATE TABLE "AccountTally" (
    "id" BIGSERIAL NOT NULL,
    "areaId" UUID NOT NULL,
    "state" "AccountState" NOT NULL,
    "waiting" BOOLEAN NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "AccountTally_pkey" PRIMARY KEY ("id")
);

-- The tally: statement triggers with transition tables for inserts and deletes, so a bulk load of
-- any size writes one row per area and state, in its own transaction. Insert-only: no lock.
-- Function bodies are E'' strings in which \073 is the semicolon (the migration engine splits
-- a script at every semicolon).
CREATE FUNCTION seatkeeper_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountTally" ("areaId", state, waiting, delta)
  SELECT "areaId", state, coalesce(state = ''BLOCKED'' AND "blockedReason" = ''NO_SEAT'', false), count(*)::int
  FROM tally_new GROUP BY 1, 2, 3\073
  RETURN NULL\073
END
';

CREATE FUNCTION seatkeeper_tally_deleted() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountTally" ("areaId", state, waiting, delta)
  SELECT "areaId", state, coalesce(state = ''BLOCKED'' AND "blockedReason" = ''NO_SEAT'', false), -count(*)::int
  FROM tally_old GROUP BY 1, 2, 3\073
  RETURN NULL\073
END
';

-- An update moves an account between groups only when its area, state or waiting changes: a row
-- trigger with that condition costs the many other updates (last activity, profile) nothing.
CREATE FUNCTION seatkeeper_tally_moved() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountTally" ("areaId", state, waiting, delta) VALUES
    (OLD."areaId", OLD.state, coalesce(OLD.state = ''BLOCKED'' AND OLD."blockedReason" = ''NO_SEAT'', false), -1),
    (NEW."areaId", NEW.state, coalesce(NEW.state = ''BLOCKED'' AND NEW."blockedReason" = ''NO_SEAT'', false), 1)\073
  RETURN NULL\073
END
';

CREATE FUNCTION seatkeeper_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "AccountTally"\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Account_tally_insert" AFTER INSERT ON "Account" REFERENCING NEW TABLE AS tally_new
  FOR EACH STATEMENT EXECUTE FUNCTION seatkeeper_tally_inserted();

CREATE TRIGGER "Account_tally_delete" AFTER DELETE ON "Account" REFERENCING OLD TABLE AS tally_old
  FOR EACH STATEMENT EXECUTE FUNCTION seatkeeper_tally_deleted();

CREATE TRIGGER "Account_tally_update" AFTER UPDATE OF "areaId", state, "blockedReason" ON "Account"
  FOR EACH ROW WHEN (OLD."areaId" IS DISTINCT FROM NEW."areaId" OR OLD.state IS DISTINCT FROM NEW.state
    OR coalesce(OLD.state = 'BLOCKED' AND OLD."blockedReason" = 'NO_SEAT', false) IS DISTINCT FROM coalesce(NEW.state = 'BLOCKED' AND NEW."blockedReason" = 'NO_SEAT', false))
  EXECUTE FUNCTION seatkeeper_tally_moved();

CREATE TRIGGER "Account_tally_truncate" AFTER TRUNCATE ON "Account"
  FOR EACH STATEMENT EXECUTE FUNCTION seatkeeper_tally_truncated();

-- A site that existed before this migration: its tally starts from today's accounts.
INSERT INTO "AccountTally" ("areaId", state, waiting, delta)
SELECT "areaId", state, coalesce(state = 'BLOCKED' AND "blockedReason" = 'NO_SEAT', false), count(*)::int
FROM "Account" GROUP BY 1, 2, 3;
