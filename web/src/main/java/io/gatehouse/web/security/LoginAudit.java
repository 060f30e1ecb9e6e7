package io.gatehouse.web.security;

import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditTrail;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.event.LoginFailedEvent;
import io.micronaut.security.event.LoginSuccessfulEvent;
import jakarta.inject.Singleton;

import java.util.Map;

/** Every attempt at the login endpoint leaves an audit record: who, and whether it worked. Never the password. */
@Singleton
public class LoginAudit {

    /** Longer "user names" are not names; the record keeps a prefix so a flood cannot bloat the trail. */
    private static final int MAX_NAME = 100;

    private final AuditTrail audit;

    public LoginAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void succeeded(LoginSuccessfulEvent event) {
        String user = event.getSource() instanceof Authentication a ? a.getName() : "unknown";
        audit.append(new AuditEvent(user, AuditAction.LOGIN_SUCCESS, user, "OK", null, null, Map.of()));
    }

    @EventListener
    void failed(LoginFailedEvent event) {
        Object identity = event.getAuthenticationRequest() == null ? null : event.getAuthenticationRequest().getIdentity();
        String user = identity == null ? "unknown" : identity.toString();
        if (user.length() > MAX_NAME) {
            user = user.substring(0, MAX_NAME);
        }
        audit.append(new AuditEvent(user, AuditAction.LOGIN_FAILURE, user, "FAILED", null, null, Map.of()));
    }
}
