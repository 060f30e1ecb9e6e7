-- Accounts whose password was set by someone else (an administrator's create or reset, or the generated
-- first-administrator password) must choose their own before doing anything else. Runs unchanged on H2
-- and PostgreSQL. Existing accounts are not marked: nobody knows any more who chose their passwords.
ALTER TABLE user_account ADD COLUMN must_change_password BOOLEAN DEFAULT FALSE NOT NULL;
