package io.gatehouse.web.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Account settings ({@code gatehouse.accounts.*}).
 *
 * @param kdfIterations        PBKDF2 iterations for new password hashes (old hashes keep their own count)
 * @param initialAdminUser     the administrator created on a first start with an empty account table
 * @param initialAdminPassword that administrator's password; unset or blank means generate one and print it once
 */
@ConfigurationProperties("gatehouse.accounts")
public record AccountSettings(@Bindable(defaultValue = "600000") int kdfIterations,
                              @Bindable(defaultValue = "admin") String initialAdminUser,
                              @Nullable String initialAdminPassword,
                              Lockout lockout) {

    /** @param maxFailures consecutive failures that lock an account; @param duration how long it stays locked */
    @ConfigurationProperties("lockout")
    public record Lockout(@Bindable(defaultValue = "5") int maxFailures,
                          @Bindable(defaultValue = "15m") Duration duration) {
        public Lockout {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("gatehouse.accounts.lockout.max-failures must be at least 1");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("gatehouse.accounts.lockout.duration must be positive");
            }
        }
    }
}
