-- The audit trail: an append-only hash chain (design: docs/audit.md). Runs unchanged on H2 and PostgreSQL.
-- The application never deletes a row and updates one only to drop content text (retention); on
-- PostgreSQL a trigger (db/vendor/postgresql) refuses everything else.
CREATE TABLE audit_record (
    seq           BIGINT       NOT NULL PRIMARY KEY,   -- position in the chain: 1, 2, 3, ... without gaps
    at            TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(200) NOT NULL,
    action        VARCHAR(40)  NOT NULL,
    subject       VARCHAR(200),
    outcome       VARCHAR(40)  NOT NULL,
    route         VARCHAR(40),
    tier          VARCHAR(20),
    detail        VARCHAR      NOT NULL,               -- canonical JSON, keys sorted
    -- Content: text (null when hash-only or dropped by retention) and a keyed hash that stays.
    question_text VARCHAR,
    question_hash CHAR(64),
    answer_text   VARCHAR,
    answer_hash   CHAR(64),
    payload_text  VARCHAR,
    payload_hash  CHAR(64),
    -- The chain: previous record's hash, this record's hash and HMAC of its canonical form.
    prev_hash     CHAR(64)     NOT NULL,
    record_hash   CHAR(64)     NOT NULL,
    mac           CHAR(64)     NOT NULL
);
CREATE INDEX audit_record_at ON audit_record (at);
CREATE INDEX audit_record_actor ON audit_record (actor);
CREATE INDEX audit_record_action ON audit_record (action);

-- One row: the head of the chain. Appends lock it (SELECT ... FOR UPDATE), which serialises appends across
-- connections and nodes; its HMAC makes cutting records off the end detectable.
CREATE TABLE audit_head (
    id        INT      NOT NULL PRIMARY KEY CHECK (id = 1),
    last_seq  BIGINT   NOT NULL,
    last_hash CHAR(64) NOT NULL,
    mac       CHAR(64) NOT NULL
);
-- The genesis head: no record yet; its mac is not checked (the first append replaces it).
INSERT INTO audit_head (id, last_seq, last_hash, mac)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        '0000000000000000000000000000000000000000000000000000000000000000');
