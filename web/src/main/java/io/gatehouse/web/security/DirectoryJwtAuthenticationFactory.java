package io.gatehouse.web.security;

import com.nimbusds.jwt.JWT;
import io.gatehouse.policy.Role;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A valid bearer token says only who its holder is: roles and clearance are read from the directory on
 * every request, so a demoted user loses access at once and a disabled (or deleted) user's token
 * authenticates nobody (401). Micronaut runs token validation on the blocking executor, so the
 * database read here does not stall the event loop.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
public class DirectoryJwtAuthenticationFactory implements JwtAuthenticationFactory {

    private final UserDirectory users;

    public DirectoryJwtAuthenticationFactory(UserDirectory users) {
        this.users = users;
    }

    @Override
    public Optional<Authentication> createAuthentication(JWT token) {
        String subject;
        try {
            subject = token.getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            return Optional.empty();
        }
        return users.find(subject).map(p -> Authentication.build(p.username(),
                p.roles().stream().map(Role::name).collect(Collectors.toSet()),
                Map.of("clearance", p.clearance().name())));
    }
}
