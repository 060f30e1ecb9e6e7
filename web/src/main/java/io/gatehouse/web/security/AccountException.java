package io.gatehouse.web.security;

import io.micronaut.core.annotation.Nullable;

import java.util.Objects;

/**
 * An account operation refused: invalid input (naming the field), an unknown user, a conflict, or (changing
 * one's own password) a wrong current password or a locked account.
 */
public final class AccountException extends RuntimeException {

    public enum Kind {
        /** The request is invalid; {@link #field()} names the offending field. */
        INVALID,
        NOT_FOUND,
        /** A duplicate user name, or a change that would leave no enabled administrator. */
        CONFLICT,
        /** The current password given to change one's own password is wrong (counted like a failed sign-in). */
        WRONG_PASSWORD,
        /** The account is locked after too many failed attempts: no password change until the lock ends. */
        LOCKED
    }

    private final Kind kind;
    private final String field;

    private AccountException(Kind kind, @Nullable String field, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind);
        this.field = field;
    }

    public static AccountException invalid(String field, String message) {
        return new AccountException(Kind.INVALID, field, message);
    }

    public static AccountException notFound(String username) {
        return new AccountException(Kind.NOT_FOUND, null, "no user '" + username + "'");
    }

    public static AccountException conflict(String message) {
        return new AccountException(Kind.CONFLICT, null, message);
    }

    public static AccountException wrongPassword(String message) {
        return new AccountException(Kind.WRONG_PASSWORD, "currentPassword", message);
    }

    public static AccountException locked() {
        return new AccountException(Kind.LOCKED, null,
                "the account is locked after too many failed attempts; try again later or ask an administrator");
    }

    public Kind kind() {
        return kind;
    }

    /** The field at fault for {@link Kind#INVALID} and {@link Kind#WRONG_PASSWORD}; null otherwise. */
    public @Nullable String field() {
        return field;
    }
}
