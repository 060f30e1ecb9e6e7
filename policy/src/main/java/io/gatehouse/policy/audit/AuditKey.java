package io.gatehouse.policy.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The HMAC key of the audit chain. It lives outside the database (an environment variable or a file), so
 * someone who can write the audit table still cannot forge a record that verifies. The key is never
 * logged; {@link #id()} identifies it without revealing it. Rotation and retired keys: {@link AuditKeyring}.
 */
public final class AuditKey {

    /** Base64 of at least 32 random bytes; takes precedence over the key file. */
    public static final String ENV_VAR = "GATEHOUSE_AUDIT_KEY";
    public static final int MIN_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Logger LOG = LoggerFactory.getLogger(AuditKey.class);

    private final SecretKeySpec key;
    private final String fingerprint;

    private AuditKey(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("an audit key needs at least " + MIN_BYTES + " bytes, got " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            this.fingerprint = HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Arrays.fill(bytes, (byte) 0);
    }

    public static AuditKey of(byte[] bytes) {
        return new AuditKey(bytes.clone());
    }

    /** A fresh random key (tests and benchmarks; a server uses {@link #resolve}). */
    public static AuditKey random() {
        byte[] b = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(b);
        return new AuditKey(b);
    }

    /**
     * The key from {@value #ENV_VAR} when set, else from {@code file}, which is created with a fresh random
     * key and owner-only permissions on first start.
     */
    public static AuditKey resolve(Map<String, String> environment, Path file) {
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return new AuditKey(Base64.getDecoder().decode(fromEnv.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_VAR + " must be base64 of at least " + MIN_BYTES + " bytes");
            }
        }
        return fromFile(file);
    }

    /** Reads the key file, or creates it (owner read/write only) with a new random key when absent. */
    public static AuditKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            warnIfShared(file);
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                return new AuditKey(Base64.getDecoder().decode(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("audit key file " + file + " must hold base64 of at least " + MIN_BYTES + " bytes");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit key file " + file, e);
        }
    }

    /**
     * Writes a new key to a temp file with owner-only permissions and links it into place; linking fails
     * when another process created the file first, and then that process's key is the one used.
     */
    private static void create(Path file) throws IOException {
        String encoded = newEncodedKey();
        Path tmp = ownerOnlyTempFile(file, encoded);
        try {
            try {
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                return;
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, file);
            }
            LOG.info("created a new audit key at {} (key id {})", file, fingerprintOf(encoded.trim()));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Base64 of 32 fresh random bytes and a newline: the content of a key file. */
    static String newEncodedKey() {
        byte[] b = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(b);
        String encoded = Base64.getEncoder().encodeToString(b) + "\n";
        Arrays.fill(b, (byte) 0);
        return encoded;
    }

    /**
     * A temp file beside {@code target}, owner read/write only from its creation (never readable by others,
     * not even for an instant), holding {@code content}.
     */
    static Path ownerOnlyTempFile(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".audit-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException notPosix) {
            tmp = Files.createTempFile(dir, ".audit-key", ".tmp");
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static String fingerprintOf(String base64) {
        return new AuditKey(Base64.getDecoder().decode(base64)).fingerprint;
    }

    static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            perms.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            if (!perms.isEmpty()) {
                LOG.warn("audit key file {} is accessible beyond its owner ({}); chmod 600 it", file, perms);
            }
        } catch (UnsupportedOperationException | IOException notPosix) {
            // Not a POSIX file system: nothing to check.
        }
    }

    /**
     * The key id: the first 8 bytes of the key's SHA-256 as 16 hex characters. Records name their key by it,
     * logs and the rotation command print it; it does not reveal the key.
     */
    public String id() {
        return fingerprint;
    }

    /** The same as {@link #id()} (its name before keys were rotated). */
    public String fingerprint() {
        return fingerprint;
    }

    /** Parses base64 key text (a key file's content or an environment value); the message never echoes the text. */
    static AuditKey parse(String base64, String source) {
        try {
            return new AuditKey(Base64.getDecoder().decode(base64.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must hold base64 of at least " + MIN_BYTES + " bytes");
        }
    }

    /** A new HMAC-SHA256 instance under this key (Mac objects are not thread-safe). */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AuditKey[" + fingerprint + "]";
    }
}
