package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Set;

/**
 * A stored account as administrators see it. Deliberately without the password hash, so no view or
 * API response can leak it.
 *
 * @param failedAttempts consecutive failed logins since the last success (or since the last lock expired)
 * @param lockedUntil    when a lockout ends; null when never locked (a past instant means the lock has expired)
 * @param mustChangePassword the password was set by someone else (an administrator, or generated at first start):
 *                           the user may do nothing but choose their own until they have
 */
@Serdeable
public record Account(String username, Set<Role> roles, Tier clearance, Set<String> groups, boolean enabled,
                      int failedAttempts, @Nullable Instant lockedUntil, Instant createdAt, Instant passwordChangedAt,
                      boolean mustChangePassword) {

    public Account {
        roles = Set.copyOf(roles);
        groups = Set.copyOf(groups);
    }

    /** Whether a lockout is in force at {@code now}. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public Principal principal() {
        return new Principal(username, roles, clearance, groups);
    }
}
