-- Accounts that may sign in (design: README "Accounts"). Runs unchanged on H2 and PostgreSQL.
-- The password is stored only as a PBKDF2 hash whose text carries its own iteration count.
-- Lockout state lives in the row and is updated by single SQL statements, so concurrent attempts
-- (threads or nodes) count every failure exactly once.
CREATE TABLE user_account (
    username            VARCHAR(100)  NOT NULL PRIMARY KEY,
    password_hash       VARCHAR(200)  NOT NULL,
    roles               VARCHAR(200)  NOT NULL,        -- comma-separated role names, e.g. ADMIN,STAFF
    clearance           VARCHAR(20)   NOT NULL,
    groups_csv          VARCHAR(2000) NOT NULL,        -- comma-separated ("groups" is a keyword in H2)
    enabled             BOOLEAN       NOT NULL,
    failed_attempts     INT           NOT NULL,
    locked_until        TIMESTAMP WITH TIME ZONE,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
