-- CreateTable
CREATE TABLE "AccountTally" (
    "id" BIGSERIAL NOT NULL,
    "areaId" UUID NOT NULL,
    "state" "AccountState" NOT NULL,
    "waiting" BOOLEAN NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "AccountTally_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Account_username_prefix_idx" ON "Account"("username" text_pattern_ops);

-- CreateIndex
CREATE INDEX "Account_email_prefix_idx" ON "Account"("email" text_pattern_ops);

-- The tally: statement triggers with transition tables, so a bulk INSERT or UPDATE of any size
-- writes one row per area and state it changed, in its own transaction. Insert-only: no lock.
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

CREATE FUNCTION seatkeeper_tally_updated() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "AccountTally" ("areaId", state, waiting, delta)
  SELECT "areaId", state, waiting, sum(delta)::int FROM (
    SELECT "areaId", state, coalesce(state = ''BLOCKED'' AND "blockedReason" = ''NO_SEAT'', false) AS waiting, -1 AS delta FROM tally_old
    UNION ALL
    SELECT "areaId", state, coalesce(state = ''BLOCKED'' AND "blockedReason" = ''NO_SEAT'', false), 1 FROM tally_new
  ) changes GROUP BY 1, 2, 3 HAVING sum(delta) <> 0\073
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

CREATE TRIGGER "Account_tally_update" AFTER UPDATE ON "Account" REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new
  FOR EACH STATEMENT EXECUTE FUNCTION seatkeeper_tally_updated();

CREATE TRIGGER "Account_tally_truncate" AFTER TRUNCATE ON "Account"
  FOR EACH STATEMENT EXECUTE FUNCTION seatkeeper_tally_truncated();

-- A site that existed before this migration: its tally starts from today's accounts.
INSERT INTO "AccountTally" ("areaId", state, waiting, delta)
SELECT "areaId", state, coalesce(state = 'BLOCKED' AND "blockedReason" = 'NO_SEAT', false), count(*)::int
FROM "Account" GROUP BY 1, 2, 3;
