package io.gatehouse.policy.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditKeyringTest {

    private static String base64Key(int fill) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) fill);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void theKeyIdIsTheFirstSixteenHexCharactersOfTheKeysSha256() throws Exception {
        byte[] raw = new byte[32];
        raw[3] = 7;
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
        assertEquals(expected, AuditKey.of(raw).id());
    }

    @Test
    void rotationRetiresTheKeyFileOwnerOnlyAndTheNextResolveSignsWithTheNewKey(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("audit.key");
        AuditKey first = AuditKeyring.resolve(Map.of(), keyFile).current();
        String firstText = Files.readString(keyFile).trim();

        AuditKeyring.Rotation r = AuditKeyring.rotate(Map.of(), keyFile);
        assertEquals(first.id(), r.retiredKeyId());
        assertNotEquals(first.id(), r.newKeyId());
        Path retired = dir.resolve("audit-keys/retired-" + first.id() + ".key");
        assertEquals(retired, r.retiredFile());
        assertEquals(firstText, Files.readString(retired).trim(), "the retired file holds the old key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(retired)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(retired.getParent())));
        assertNotEquals(firstText, Files.readString(keyFile).trim());
        assertFalse(r.toString().contains(firstText), "a rotation names ids, never keys");
        try (var listing = Files.list(dir)) {
            assertEquals(2, listing.count(), "the key file and the retired folder; no temp file left behind");
        }

        AuditKeyring ring = AuditKeyring.resolve(Map.of(), keyFile);
        assertEquals(r.newKeyId(), ring.current().id());
        assertEquals(List.of(first.id()), ring.retiredIds());
        assertTrue(ring.find(first.id()).isPresent());
        assertFalse(ring.toString().contains(firstText));

        AuditKeyring.Rotation again = AuditKeyring.rotate(Map.of(), keyFile);
        assertEquals(r.newKeyId(), again.retiredKeyId());
        AuditKeyring twice = AuditKeyring.resolve(Map.of(), keyFile);
        assertEquals(again.newKeyId(), twice.current().id());
        assertEquals(2, twice.retiredIds().size());
        assertTrue(twice.retiredIds().containsAll(List.of(first.id(), r.newKeyId())));
    }

    @Test
    void retiredKeysComeFromTheEnvironmentToo(@TempDir Path dir) {
        Map<String, String> env = Map.of(AuditKey.ENV_VAR, base64Key(1),
                AuditKeyring.RETIRED_ENV_VAR, base64Key(2) + " , " + base64Key(3) + ",");
        AuditKeyring ring = AuditKeyring.resolve(env, dir.resolve("audit.key"));
        assertEquals(AuditKey.of(Base64.getDecoder().decode(base64Key(1))).id(), ring.current().id());
        assertEquals(List.of(AuditKey.of(Base64.getDecoder().decode(base64Key(2))).id(),
                AuditKey.of(Base64.getDecoder().decode(base64Key(3))).id()), ring.retiredIds());
        assertEquals(3, ring.keys().size());
        assertEquals(ring.current().id(), ring.keys().getFirst().id(), "current first");
        assertFalse(Files.exists(dir.resolve("audit.key")));
    }

    @Test
    void aMalformedRetiredKeyIsRefusedWithoutEchoingIt(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditKeyring.resolve(
                Map.of(AuditKeyring.RETIRED_ENV_VAR, base64Key(2) + ",c2hvcnQ="), dir.resolve("audit.key")));
        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
        assertFalse(e.getMessage().contains("c2hvcnQ="), e.getMessage());
    }

    @Test
    void rotationRefusesAnEnvironmentKeyAndAMissingFileAndChangesNothing(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("audit.key");
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> AuditKeyring.rotate(Map.of(), keyFile));
        assertTrue(missing.getMessage().contains("nothing to rotate"), missing.getMessage());
        assertFalse(Files.exists(keyFile));

        AuditKeyring.resolve(Map.of(), keyFile);
        String before = Files.readString(keyFile);
        String envKey = base64Key(9);
        IllegalStateException fromEnv = assertThrows(IllegalStateException.class,
                () -> AuditKeyring.rotate(Map.of(AuditKey.ENV_VAR, envKey), keyFile));
        assertTrue(fromEnv.getMessage().contains(AuditKeyring.RETIRED_ENV_VAR), fromEnv.getMessage());
        assertFalse(fromEnv.getMessage().contains(envKey));
        assertEquals(before, Files.readString(keyFile));
        assertFalse(Files.exists(dir.resolve(AuditKeyring.RETIRED_DIR)));
    }

    @Test
    void aKeyAlreadyRetiredIsKeptNotOverwritten(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("audit.key");
        AuditKey first = AuditKeyring.resolve(Map.of(), keyFile).current();
        String firstText = Files.readString(keyFile);
        Files.createDirectories(dir.resolve("audit-keys"));
        Files.writeString(dir.resolve("audit-keys/retired-" + first.id() + ".key"), firstText);
        AuditKeyring.Rotation r = AuditKeyring.rotate(Map.of(), keyFile);
        assertEquals(first.id(), r.retiredKeyId());
        // The old key put back in place by hand while its retired file was replaced with another key: rotating
        // again must refuse rather than overwrite either file.
        Files.writeString(keyFile, firstText);
        Files.writeString(dir.resolve("audit-keys/retired-" + first.id() + ".key"), base64Key(5));
        IllegalStateException clash = assertThrows(IllegalStateException.class, () -> AuditKeyring.rotate(Map.of(), keyFile));
        assertTrue(clash.getMessage().contains("holds another key"), clash.getMessage());
        assertEquals(firstText, Files.readString(keyFile), "nothing replaced when the old key could not be retired");
    }
}
