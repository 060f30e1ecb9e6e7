package io.gatehouse.web.security;

import io.micronaut.core.annotation.Nullable;

import java.util.Objects;

/** An account operation refused: invalid input (naming the field), an unknown user, or a conflict. */
public final class AccountException extends RuntimeException {

    public enum Kind {
        /** The request is invalid; {@link #field()} names the offending field. */
        INVALID,
        NOT_FOUND,
        /** A duplicate user name, or a change that would leave no enabled administrator. */
        CONFLICT
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

    public Kind kind() {
        return kind;
    }

    /** The invalid field for {@link Kind#INVALID}; null otherwise. */
    public @Nullable String field() {
        return field;
    }
}
