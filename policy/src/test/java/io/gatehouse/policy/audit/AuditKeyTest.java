package io.gatehouse.policy.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditKeyTest {

    @Test
    void firstStartCreatesAnOwnerOnlyKeyFileThatLaterStartsReuse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/audit.key");
        AuditKey first = AuditKey.resolve(Map.of(), file);
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).trim()).length);
        AuditKey again = AuditKey.resolve(Map.of(), file);
        assertEquals(first.fingerprint(), again.fingerprint());
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temp file is left behind");
        }
    }

    @Test
    void theEnvironmentVariableWinsOverTheFile(@TempDir Path dir) {
        byte[] raw = new byte[48];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        Path file = dir.resolve("audit.key");
        AuditKey fromEnv = AuditKey.resolve(Map.of(AuditKey.ENV_VAR, Base64.getEncoder().encodeToString(raw)), file);
        assertEquals(AuditKey.of(raw).fingerprint(), fromEnv.fingerprint());
        assertFalse(Files.exists(file), "no file is created when the environment supplies the key");
        assertNotEquals(fromEnv.fingerprint(), AuditKey.resolve(Map.of(), file).fingerprint());
    }

    @Test
    void shortOrMalformedKeysAreRefused(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AuditKey.of(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> AuditKey.resolve(Map.of(AuditKey.ENV_VAR, "not base64!"), dir.resolve("k")));
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, Base64.getEncoder().encodeToString(new byte[8]));
        assertThrows(IllegalStateException.class, () -> AuditKey.fromFile(bad));
    }

    @Test
    void theKeyNeverAppearsInItsStringForm() {
        byte[] raw = new byte[32];
        raw[0] = 42;
        AuditKey k = AuditKey.of(raw);
        assertFalse(k.toString().contains(Base64.getEncoder().encodeToString(raw)));
        assertEquals(16, k.fingerprint().length());
    }
}
