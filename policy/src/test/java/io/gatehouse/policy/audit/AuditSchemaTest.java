package io.gatehouse.policy.audit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditSchemaTest {

    @Test
    void onlyPostgresqlGetsTheTriggerLocation() {
        assertEquals(List.of("classpath:db/migration", "classpath:db/vendor/postgresql"), AuditSchema.migrationLocations("PostgreSQL"));
        assertEquals(List.of("classpath:db/migration"), AuditSchema.migrationLocations("H2"));
        assertEquals(getClass().getResource("/db/vendor/postgresql/V1_1__audit_append_only.sql") != null, true,
                "the trigger migration is on the classpath where the location points");
    }
}
