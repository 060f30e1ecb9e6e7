package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;

import java.util.Objects;

/** The result of checking a user name and password against the directory. */
public sealed interface LoginOutcome {

    /**
     * The credentials are right and the account may sign in. With {@code mustChangePassword} (the password
     * was set by someone else) the user may only change it once signed in.
     */
    record Success(Principal principal, boolean mustChangePassword) implements LoginOutcome {
        public Success {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** Sign-in refused, and why (for the audit trail; what the caller shows is its own choice). */
    record Rejected(Reason reason) implements LoginOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum Reason {
        /** Unknown user, or wrong password (also a wrong password for a disabled account: that tells nobody it exists). */
        BAD_CREDENTIALS,
        /** Too many consecutive failures: refused, right password or not, until the lockout ends. */
        LOCKED,
        /** The right password for an account an administrator disabled. */
        DISABLED
    }
}
