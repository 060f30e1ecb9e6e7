package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;

/** Resolves the authenticated request's user to a principal from the directory. */
@Singleton
public class CurrentPrincipal {

    private final UserDirectory users;

    public CurrentPrincipal(UserDirectory users) {
        this.users = users;
    }

    public Principal of(Authentication authentication) {
        if (authentication == null) {
            throw new HttpStatusException(HttpStatus.UNAUTHORIZED, "authentication required");
        }
        return users.find(authentication.getName())
                .orElseThrow(() -> new HttpStatusException(HttpStatus.UNAUTHORIZED, "unknown user"));
    }
}
