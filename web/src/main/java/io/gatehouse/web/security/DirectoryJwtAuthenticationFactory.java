package io.gatehouse.web.security;

import com.nimbusds.jwt.JWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import io.micronaut.security.token.jwt.validator.JwtAuthenticationFactory;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;

/**
 * A valid bearer token says only who its holder is: roles and clearance are read from the directory on
 * every request, so a demoted user loses access at once and a disabled (or deleted) user's token
 * authenticates nobody (401). A token issued before the account's password last changed (by its holder or an
 * administrator) is over too, like the browser sessions of that time. Micronaut runs token validation on the blocking executor, so the
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
        Date issued;
        try {
            subject = token.getJWTClaimsSet().getSubject();
            issued = token.getJWTClaimsSet().getIssueTime();
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (subject == null || issued == null) {
            return Optional.empty();
        }
        // "iat" has whole seconds: a token from the same second as a password change still counts
        // (the holder's own fresh sign-in must not be refused); any earlier token is over.
        return users.account(subject)
                .filter(a -> a.enabled() && !issued.toInstant().isBefore(a.passwordChangedAt().truncatedTo(ChronoUnit.SECONDS)))
                .map(a -> PasswordChangeGate.authentication(a.principal(), a.mustChangePassword()));
    }
}
