-- The chain is no longer appended inside each audited COMMIT: that lock was held through the
-- WAL flush of the commit, so every audited write on the site committed one after the other (at most
-- about a thousand a second here, far fewer under load). Events are now written without their
-- place and hashes, and a sealer appends the committed ones in batches, under the same advisory
-- lock (0x5ea70002), a moment later: one linear chain still, sealed in id order of what had
-- committed when the batch ran.
DROP TRIGGER "AuditEvent_chain_at_commit" ON "AuditEvent";

DROP FUNCTION seatkeeper_audit_chain_at_commit();

-- Writes a batch of seals worked out by seatkeeper_seal_audit_chain: every event must still be
-- unsealed, or the call fails and nothing is written.
CREATE FUNCTION seatkeeper_write_audit_seals(ids bigint[], seqs bigint[], prevs text[], hashes text[]) RETURNS integer LANGUAGE plpgsql AS E'
DECLARE
  written integer\073
BEGIN
  IF cardinality(ids) = 0 THEN
    RETURN 0\073
  END IF\073
  UPDATE "AuditEvent" a SET "chainSeq" = s.seq, "prevHash" = s.prev, hash = s.hash
    FROM unnest(ids, seqs, prevs, hashes) AS s(id, seq, prev, hash)
    WHERE a.id = s.id AND a."chainSeq" IS NULL\073
  GET DIAGNOSTICS written = ROW_COUNT\073
  IF written < cardinality(ids) THEN
    RAISE EXCEPTION ''audit chain: % of % events changed while being sealed'', cardinality(ids) - written, cardinality(ids)\073
  END IF\073
  RETURN written\073
END
';

-- Appends up to max_events committed events that have no place yet (all of them when NULL) to the
-- chain, oldest id first, and returns how many it appended. Hashes as migration audit_chain
-- defined (seatkeeper_audit_hash). The backlog is read once, in id order, and the hashes are worked
-- out one after the other (each needs the one before) and written 10,000 at a time by one UPDATE,
-- so a large backlog costs a few statements, not one per event. The events are locked as they are
-- read, so a change to one in between waits or is waited for (the hash is of what is stored), and
-- one removed in between makes the call fail. With wait false it returns NULL at once when another
-- session holds the lock (the app's sealer then skips its turn instead of holding a connection).
CREATE FUNCTION seatkeeper_seal_audit_chain(max_events integer, wait boolean) RETURNS integer LANGUAGE plpgsql AS E'
DECLARE
  seq bigint\073
  prev text\073
  e "AuditEvent"\073
  ids bigint[] := ''{}''\073
  seqs bigint[] := ''{}''\073
  prevs text[] := ''{}''\073
  hashes text[] := ''{}''\073
  sealed integer := 0\073
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(1588002818)\073
  ELSIF NOT pg_try_advisory_xact_lock(1588002818) THEN
    RETURN NULL\073
  END IF\073
  SELECT "chainSeq", hash INTO seq, prev FROM "AuditEvent" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1\073
  seq := coalesce(seq, 0)\073
  prev := coalesce(prev, '''')\073
  FOR e IN SELECT * FROM "AuditEvent" WHERE "chainSeq" IS NULL ORDER BY id LIMIT max_events FOR UPDATE LOOP
    seq := seq + 1\073
    ids := ids || e.id\073
    seqs := seqs || seq\073
    prevs := prevs || prev\073
    prev := seatkeeper_audit_hash(prev, e)\073
    hashes := hashes || prev\073
    IF cardinality(ids) = 10000 THEN
      sealed := sealed + seatkeeper_write_audit_seals(ids, seqs, prevs, hashes)\073
      ids := ''{}''\073
      seqs := ''{}''\073
      prevs := ''{}''\073
      hashes := ''{}''\073
    END IF\073
  END LOOP\073
  RETURN sealed + seatkeeper_write_audit_seals(ids, seqs, prevs, hashes)\073
END
';
