package io.gatehouse.web.security;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** One configured account ({@code gatehouse.users.<name>.*}). */
@EachProperty("gatehouse.users")
public record UserConfig(@Parameter String name, String password, List<Role> roles, Tier clearance,
                         @Nullable List<String> groups) {
}
