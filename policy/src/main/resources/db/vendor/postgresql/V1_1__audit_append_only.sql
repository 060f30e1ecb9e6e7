-- PostgreSQL only (Flyway location classpath:db/vendor/postgresql, see AuditSchema): the audit table refuses UPDATE, DELETE
-- and TRUNCATE, except the one update retention makes (content text set to NULL, nothing else changed).
-- Tampering then needs the privilege to disable the trigger, and still breaks the hash chain.
-- H2 has no PL/pgSQL; there the chain alone detects tampering.
CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (to_jsonb(NEW) - 'question_text' - 'answer_text' - 'payload_text')
           IS DISTINCT FROM (to_jsonb(OLD) - 'question_text' - 'answer_text' - 'payload_text')
       OR (NEW.question_text IS NOT NULL AND NEW.question_text IS DISTINCT FROM OLD.question_text)
       OR (NEW.answer_text IS NOT NULL AND NEW.answer_text IS DISTINCT FROM OLD.answer_text)
       OR (NEW.payload_text IS NOT NULL AND NEW.payload_text IS DISTINCT FROM OLD.payload_text) THEN
        RAISE EXCEPTION 'audit_record is append-only: UPDATE of record % refused (only retention may clear content text)', OLD.seq
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_record_append_only
    BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();

CREATE TRIGGER audit_record_no_truncate
    BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only();

-- The head row is updated by every append but never deleted.
CREATE FUNCTION audit_head_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_head cannot be deleted' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_head_keep
    BEFORE DELETE OR TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_keep();
