package io.gatehouse.web;

import io.gatehouse.policy.audit.AuditTrail;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Drops question, answer and outbound-payload text from audit records older than
 * {@code gatehouse.audit.retention} (e.g. {@code 90d}); their hashes stay, so the chain still verifies,
 * and each run that drops anything appends a RETENTION record. Off when the period is not set.
 */
@Singleton
@Requires(property = "gatehouse.audit.retention")
public class AuditRetention {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditTrail audit;
    private final Duration period;

    public AuditRetention(AuditTrail audit, @Value("${gatehouse.audit.retention}") Duration period) {
        this.audit = audit;
        this.period = period;
    }

    @Scheduled(initialDelay = "1m", fixedDelay = "6h")
    void apply() {
        int dropped = audit.applyRetention(period);
        if (dropped > 0) {
            LOG.info("audit retention: text dropped from {} records older than {}", dropped, period);
        }
    }
}
