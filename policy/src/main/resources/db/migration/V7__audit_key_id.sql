-- Audit key rotation (docs/audit.md, "The keys"): every record names the key that signed it, and so does the
-- chain head. Records written before this migration keep a NULL key id: the table is append-only, so they are
-- not backfilled; verification tries every key of the keyring on them. Runs unchanged on H2 and PostgreSQL;
-- on PostgreSQL the append-only trigger compares whole rows, so key_id is protected like every other column.
ALTER TABLE audit_record ADD COLUMN key_id VARCHAR(16);
ALTER TABLE audit_head ADD COLUMN key_id VARCHAR(16);
-- Content search looks records up by their keyed content hashes (one hash per key of the keyring).
CREATE INDEX audit_record_question_hash ON audit_record (question_hash);
CREATE INDEX audit_record_answer_hash ON audit_record (answer_hash);
CREATE INDEX audit_record_payload_hash ON audit_record (payload_hash);
