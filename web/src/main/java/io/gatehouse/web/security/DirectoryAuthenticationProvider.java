package io.gatehouse.web.security;

import io.gatehouse.policy.Principal;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;


/**
 * Checks user name and password against the directory (for the login endpoint and HTTP Basic). The login
 * endpoint's attempts are audited through Micronaut's login events; a Basic request has no such event, so
 * its failures are audited here (its successes are ordinary authenticated requests, not sign-ins).
 */
@Singleton
public class DirectoryAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    private final UserDirectory users;
    private final LoginAudit logins;
    private final String loginPath;

    public DirectoryAuthenticationProvider(UserDirectory users, LoginAudit logins,
                                           @Value("${micronaut.security.endpoints.login.path:/login}") String loginPath) {
        this.users = users;
        this.logins = logins;
        this.loginPath = loginPath;
    }

    @Override
    public String getExecutorName() {
        // PBKDF2 takes hundreds of milliseconds: keep it off the event loop.
        return TaskExecutors.BLOCKING;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        LoginOutcome outcome = users.authenticate(auth.getIdentity(), auth.getSecret());
        if (outcome instanceof LoginOutcome.Rejected && request != null && !loginPath.equals(request.getPath())) {
            logins.record(auth.getIdentity(), outcome);
        }
        return switch (outcome) {
            // The login endpoint's token claims stay as they were: the token factory reads the mark from the
            // directory on every request. A Basic request is held to the change by the gate right away.
            case LoginOutcome.Success(Principal principal, boolean mustChange) -> PasswordChangeGate.success(principal,
                    mustChange && request != null && !loginPath.equals(request.getPath()));
            case LoginOutcome.Rejected(LoginOutcome.Reason reason) -> AuthenticationResponse.failure(switch (reason) {
                case BAD_CREDENTIALS -> AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH;
                case LOCKED -> AuthenticationFailureReason.ACCOUNT_LOCKED;
                case DISABLED -> AuthenticationFailureReason.USER_DISABLED;
            });
        };
    }

    /** The directory's reason behind a Micronaut failure reason (the inverse of {@link #authenticate}). */
    static LoginOutcome.Reason reasonOf(AuthenticationFailureReason reason) {
        return switch (reason) {
            case ACCOUNT_LOCKED -> LoginOutcome.Reason.LOCKED;
            case USER_DISABLED -> LoginOutcome.Reason.DISABLED;
            default -> LoginOutcome.Reason.BAD_CREDENTIALS;
        };
    }
}
