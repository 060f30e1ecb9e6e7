package io.gatehouse.policy.audit;

import io.gatehouse.policy.testing.TestDatabase;

/** The audit trail suite on H2 (the embedded default). */
class H2AuditTrailTest extends AuditTrailContract {

    @Override
    String vendor() {
        return TestDatabase.H2;
    }
}
