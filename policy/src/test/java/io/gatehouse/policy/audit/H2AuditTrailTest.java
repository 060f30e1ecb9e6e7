package io.gatehouse.policy.audit;

/** The audit trail suite on H2 (the embedded default). */
class H2AuditTrailTest extends AuditTrailContract {

    @Override
    TestDatabase.Vendor vendor() {
        return TestDatabase.Vendor.H2;
    }
}
