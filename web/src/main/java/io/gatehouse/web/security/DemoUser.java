package io.gatehouse.web.security;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** One demo account ({@code gatehouse.demo.users.<name>.*}), created by {@link AccountBootstrap} when demo accounts are on. */
@EachProperty("gatehouse.demo.users")
public record DemoUser(@Parameter String name, String password, List<Role> roles, Tier clearance,
                       @Nullable List<String> groups) {
}
