package io.gatehouse.web.security;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.micronaut.core.annotation.Nullable;

import java.util.Set;

/** A partial update of an account: each null field stays as it is. */
public record AccountChange(@Nullable Set<Role> roles, @Nullable Tier clearance, @Nullable Set<String> groups,
                            @Nullable Boolean enabled) {
}
