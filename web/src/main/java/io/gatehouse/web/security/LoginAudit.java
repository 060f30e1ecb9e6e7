package io.gatehouse.web.security;

import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditTrail;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.security.authentication.AuthenticationFailed;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.event.LoginFailedEvent;
import io.micronaut.security.event.LoginSuccessfulEvent;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Map;

/**
 * Every login attempt leaves an audit record: who, whether it worked and, if not, why (bad credentials,
 * locked, disabled). Never the password. {@code /api/auth/login} arrives here through Micronaut's login
 * events; other login paths (the web form) call {@link #record} with the directory's outcome.
 */
@Singleton
public class LoginAudit {

    /** Longer "user names" are not names; the record keeps a prefix so a flood cannot bloat the trail. */
    private static final int MAX_NAME = 100;

    private final AuditTrail audit;

    public LoginAudit(AuditTrail audit) {
        this.audit = audit;
    }

    /** Records one login attempt by {@code username} (as typed) with its outcome. */
    public void record(String username, LoginOutcome outcome) {
        String user = username == null || username.isEmpty() ? "unknown"
                : username.length() > MAX_NAME ? username.substring(0, MAX_NAME) : username;
        switch (outcome) {
            case LoginOutcome.Success s ->
                    audit.append(new AuditEvent(user, AuditAction.LOGIN_SUCCESS, user, "OK", null, null, Map.of()));
            case LoginOutcome.Rejected r -> audit.append(new AuditEvent(user, AuditAction.LOGIN_FAILURE, user, "FAILED", null, null,
                    Map.of("reason", r.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'))));
        }
    }

    @EventListener
    void succeeded(LoginSuccessfulEvent event) {
        if (event.getSource() instanceof Authentication a) {
            audit.append(new AuditEvent(a.getName(), AuditAction.LOGIN_SUCCESS, a.getName(), "OK", null, null, Map.of()));
        }
    }

    @EventListener
    void failed(LoginFailedEvent event) {
        Object identity = event.getAuthenticationRequest() == null ? null : event.getAuthenticationRequest().getIdentity();
        LoginOutcome.Reason reason = event.getSource() instanceof AuthenticationFailed f
                ? DirectoryAuthenticationProvider.reasonOf(f.getReason()) : LoginOutcome.Reason.BAD_CREDENTIALS;
        record(identity == null ? null : identity.toString(), new LoginOutcome.Rejected(reason));
    }
}
