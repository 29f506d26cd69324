-- DropIndex
DROP INDEX "AuditEvent_at_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_id_idx" ON "AuditEvent"("action", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorLabel_at_id_idx" ON "AuditEvent"("actorLabel", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_accountLabel_at_id_idx" ON "AuditEvent"("accountLabel", "at", "id");

-- The audit chain. Each event's hash is SHA-256 over the previous event's hash, a line feed and
-- the event's canonical content: a JSON array of its fields, in jsonb's own deterministic text
-- form. lib/audit/chain-sql.ts computes the same content in the verifier's own query (not by
-- calling this function), so a changed function shows up as altered events.
CREATE FUNCTION seatkeeper_audit_hash(prev text, e "AuditEvent") RETURNS text LANGUAGE sql IMMUTABLE AS E'
  SELECT encode(sha256(convert_to(prev || chr(10) || jsonb_build_array(e.id::text,
    to_char(e.at, ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"''), e."actorId", e."actorLabel", e.action, e.outcome,
    e."accountId", e."accountLabel", e.pool, e.before, e.after, e.detail)::text, ''UTF8'')), ''hex'')
';

-- Appends an event to the chain: under one transaction-level advisory lock (0x5ea70002), held
-- until commit, the id is drawn again and the previous event read, so ids are in chain order and
-- concurrent writers from any process queue into one linear chain. An insert is usually the last
-- write of its transaction, so the lock is held briefly. A restore loads rows with this off.
CREATE FUNCTION seatkeeper_audit_chain() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  prev text\073
BEGIN
  PERFORM pg_advisory_xact_lock(1588002818)\073
  NEW.id := nextval(pg_get_serial_sequence(''"AuditEvent"'', ''id''))\073
  SELECT hash INTO prev FROM "AuditEvent" ORDER BY id DESC LIMIT 1\073
  NEW."prevHash" := coalesce(prev, '''')\073
  NEW.hash := seatkeeper_audit_hash(NEW."prevHash", NEW)\073
  RETURN NEW\073
END
';

-- Events written before this migration are sealed here, in id order, as one chain.
CREATE FUNCTION seatkeeper_audit_seal() RETURNS void LANGUAGE plpgsql AS E'
DECLARE
  prev text := ''''\073
  e "AuditEvent"\073
BEGIN
  PERFORM pg_advisory_xact_lock(1588002818)\073
  FOR e IN SELECT * FROM "AuditEvent" ORDER BY id LOOP
    UPDATE "AuditEvent" SET "prevHash" = prev, hash = seatkeeper_audit_hash(prev, e) WHERE id = e.id\073
    prev := seatkeeper_audit_hash(prev, e)\073
  END LOOP\073
END
';

SELECT seatkeeper_audit_seal();

DROP FUNCTION seatkeeper_audit_seal();

CREATE TRIGGER "AuditEvent_chain" BEFORE INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION seatkeeper_audit_chain();
