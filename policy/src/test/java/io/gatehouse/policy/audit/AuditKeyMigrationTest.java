package io.gatehouse.policy.audit;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade a running installation makes: a database migrated before key ids existed, already past a later
 * module's V2..V6 and holding records, gets V7 (the next version of the shared history), and its
 * records still verify; the next append under a new key starts with the rotation record.
 */
class AuditKeyMigrationTest {

    @Test
    void aDatabaseMigratedBeforeKeyIdsGetsV7AndItsRecordsStillVerify(@TempDir Path dir) throws Exception {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path later = Files.createDirectories(dir.resolve("later"));
        try (InputStream v1 = getClass().getResourceAsStream("/db/migration/V1__audit.sql")) {
            Files.copy(v1, before.resolve("V1__audit.sql"));
        }
        Files.writeString(later.resolve("V2__later_module.sql"), "CREATE TABLE later_module (id INT);\n");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        Flyway.configure().dataSource(ds).locations("filesystem:" + before, "filesystem:" + later).load().migrate();
        AuditKey oldKey = AuditKey.random();
        LegacyRecords.write(ds, oldKey, 3, Instant.parse("2026-11-01T00:00:00Z"), false);

        List<String> upgraded = List.of(AuditSchema.COMMON_LOCATION, "filesystem:" + later);
        Flyway.configure().dataSource(ds).locations(upgraded.toArray(String[]::new)).load().migrate();

        JdbcAuditTrail sameKey = new JdbcAuditTrail(ds, oldKey, Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
        AuditVerification v = sameKey.verify();
        assertTrue(v.intact(), v::toString);
        assertEquals(3, v.legacyRecords());
        assertNull(sameKey.get(1).orElseThrow().keyId());

        AuditKey newKey = AuditKey.random();
        JdbcAuditTrail rotated = new JdbcAuditTrail(ds, new AuditKeyring(newKey, List.of(oldKey)),
                Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
        AuditRecord next = rotated.append(new AuditEvent("ada", AuditAction.LOGIN_SUCCESS, null, "OK", null, null, Map.of()));
        assertEquals(5, next.id());
        assertEquals(AuditAction.AUDIT_KEY_ROTATED, rotated.get(4).orElseThrow().action());
        AuditVerification after = rotated.verify();
        assertTrue(after.intact(), after::toString);
        assertEquals(Map.of(oldKey.id(), 3L, newKey.id(), 2L), after.recordsByKey());
        assertEquals(List.of(3L), rotated.withContent("legacy question 3", 10).stream().map(AuditRecord::id).toList(),
                "a legacy record is found by its content under the retired key");
    }
}
