package io.gatehouse.web;

import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditKey;
import io.gatehouse.policy.audit.AuditKeyring;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.audit.AuditVerification;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server's wiring across a key rotation: start on a data folder, write, stop, rotate the key file the way
 * {@code ./gatehouse audit-key rotate} does, start again on the same database: the new key signs (after an
 * AUDIT_KEY_ROTATED record), the retired file verifies the older records, and without it they are reported
 * by key id.
 */
class AuditKeyRotationRestartTest {

    private static ApplicationContext start(Path data) {
        return ApplicationContext.builder().environments("test")
                .properties(Map.of("gatehouse.data-dir", data.toString())).start();
    }

    private static AuditRecord login(AuditTrail trail, String user) {
        return trail.append(new AuditEvent(user, AuditAction.LOGIN_SUCCESS, null, "OK", null, null, Map.of()));
    }

    @Test
    void aRestartAfterRotationSignsWithTheNewKeyAndVerifiesTheOldRecordsWithTheRetiredOne(@TempDir Path data) throws Exception {
        assumeTrue(System.getenv(AuditKey.ENV_VAR) == null, "the key comes from the environment here; this test rotates the key file");
        String oldId;
        try (ApplicationContext ctx = start(data)) {
            AuditTrail trail = ctx.getBean(AuditTrail.class);
            login(trail, "sam");
            login(trail, "rita");
            oldId = ctx.getBean(AuditKeyring.class).current().id();
        }
        AuditKeyring.Rotation rotation = AuditKeyring.rotate(Map.of(), data.resolve("audit.key"));
        assertEquals(oldId, rotation.retiredKeyId());

        try (ApplicationContext ctx = start(data)) {
            AuditKeyring keyring = ctx.getBean(AuditKeyring.class);
            assertEquals(rotation.newKeyId(), keyring.current().id());
            assertEquals(List.of(oldId), keyring.retiredIds());
            AuditTrail trail = ctx.getBean(AuditTrail.class);
            AuditRecord after = login(trail, "ada");
            assertEquals(rotation.newKeyId(), after.keyId());
            AuditRecord marker = trail.get(after.id() - 1).orElseThrow();
            assertEquals(AuditAction.AUDIT_KEY_ROTATED, marker.action());
            assertTrue(marker.detailJson().contains(oldId) && marker.detailJson().contains(rotation.newKeyId()), marker.detailJson());
            AuditVerification v = trail.verify();
            assertTrue(v.intact(), v::toString);
            assertEquals(Map.of(oldId, after.id() - 2, rotation.newKeyId(), 2L), v.recordsByKey());
            assertEquals(1, trail.list(new AuditQuery(null, null, null, AuditAction.AUDIT_KEY_ROTATED, null, null, 0, 10)).total());
        }

        // An operator who deletes the retired key file loses the means to check the older records, and is told so.
        Files.delete(rotation.retiredFile());
        try (ApplicationContext ctx = start(data)) {
            AuditVerification v = ctx.getBean(AuditTrail.class).verify();
            assertFalse(v.intact());
            assertEquals(oldId, v.missingKeyId());
            assertTrue(v.problem().contains("record 1 is signed with key " + oldId + ", which is not in the keyring"), v.problem());
        }
    }
}
