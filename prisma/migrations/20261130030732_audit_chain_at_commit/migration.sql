-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "chainSeq" BIGINT;

-- The events chained so far were appended by the trigger AuditEvent_chain, which drew their ids
-- in chain order: their ids are their places in the chain.
UPDATE "AuditEvent" SET "chainSeq" = id;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_chainSeq_key" ON "AuditEvent"("chainSeq");

DROP TRIGGER "AuditEvent_chain" ON "AuditEvent";

DROP FUNCTION seatkeeper_audit_chain();

-- Appends an event to the chain when its transaction commits, not when it is inserted: under the
-- same advisory lock as before (0x5ea70002), now held only inside the COMMIT (from the first
-- event chained to the end of the commit), never across a round trip to the application. It
-- gives the event the next chain place and its hashes (same content and hash function as
-- migration audit_chain). It reads the event again rather than trusting NEW, in case the
-- transaction changed it after inserting it (an event deleted before the commit is skipped).
-- Within one commit the chain's head is kept in two transaction-local settings, so a bulk insert
-- does not look it up once per event. A restore loads rows with this trigger off, places included.
CREATE FUNCTION seatkeeper_audit_chain_at_commit() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  seq bigint\073
  prev text\073
  linked text\073
BEGIN
  PERFORM pg_advisory_xact_lock(1588002818)\073
  seq := nullif(current_setting(''seatkeeper.audit_chain_seq'', true), '''')::bigint\073
  IF seq IS NULL THEN
    SELECT "chainSeq", hash INTO seq, prev FROM "AuditEvent" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1\073
    seq := coalesce(seq, 0)\073
    prev := coalesce(prev, '''')\073
  ELSE
    prev := current_setting(''seatkeeper.audit_chain_hash'')\073
  END IF\073
  UPDATE "AuditEvent" e SET "chainSeq" = seq + 1, "prevHash" = prev, hash = seatkeeper_audit_hash(prev, e)
    WHERE id = NEW.id RETURNING e.hash INTO linked\073
  IF linked IS NOT NULL THEN
    PERFORM set_config(''seatkeeper.audit_chain_seq'', (seq + 1)::text, true),
      set_config(''seatkeeper.audit_chain_hash'', linked, true)\073
  END IF\073
  RETURN NULL\073
END
';

CREATE CONSTRAINT TRIGGER "AuditEvent_chain_at_commit" AFTER INSERT ON "AuditEvent"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION seatkeeper_audit_chain_at_commit();
