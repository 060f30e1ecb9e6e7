-- Browser sessions of the web UI. The cookie carries a random token; only its SHA-256 is stored, so a
-- copy of this table cannot be replayed as cookies. Logging out or disabling an account deletes rows.
CREATE TABLE web_session (
    token_hash   VARCHAR(64)  PRIMARY KEY,
    username     VARCHAR(100) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX web_session_username ON web_session (username);
