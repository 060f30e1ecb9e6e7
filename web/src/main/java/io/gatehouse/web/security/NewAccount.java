package io.gatehouse.web.security;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.micronaut.core.annotation.Nullable;

import java.util.Set;

/**
 * What an administrator fills in to create an account. Null fields are allowed here so that
 * {@link UserDirectory#create} can name the missing field in its {@link AccountException}.
 * The password is a char array so callers can wipe it after use; the directory never keeps it.
 */
public record NewAccount(@Nullable String username, @Nullable char[] password, @Nullable Set<Role> roles,
                         @Nullable Tier clearance, @Nullable Set<String> groups) {
}
