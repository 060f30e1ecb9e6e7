package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Checks user name and password against the directory (for the login endpoint and HTTP Basic). */
@Singleton
public class DirectoryAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private final UserDirectory users;

    public DirectoryAuthenticationProvider(UserDirectory users) {
        this.users = users;
    }

    @Override
    public String getExecutorName() {
        // PBKDF2 takes tens of milliseconds: keep it off the event loop.
        return TaskExecutors.BLOCKING;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        Optional<Principal> p = users.authenticate(auth.getIdentity(), auth.getSecret());
        if (p.isEmpty()) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        Principal principal = p.get();
        return AuthenticationResponse.success(principal.username(),
                principal.roles().stream().map(Role::name).collect(Collectors.toSet()),
                Map.of("clearance", principal.clearance().name()));
    }
}
